using System.Diagnostics;

namespace JaasPipeline.Standalone.Tests;

/// <summary>A host whose read API would be open beyond loopback refuses to run.</summary>
public sealed class OpenApiBindingTests
{
    [Test]
    public async Task AllInterfacesWithoutApiKeys_StopsWithExitCode2()
    {
        using var folder = new JaasPipeline.Testing.TempFolder("standalone");
        // Listening on all interfaces sends no traffic anywhere; the host must stop before serving anything.
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "JaasPipeline.Standalone.dll")])
        {
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Urls"] = "http://0.0.0.0:0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await process.WaitForExitAsync(deadline.Token);

        Assert.That(process.ExitCode, Is.EqualTo(2));
        Assert.That(await output, Does.Contain("the read API would be open on").And.Contain("Api:Keys").And.Contain("Api:ReadKeys"));
        Assert.That(await output, Does.Not.Contain("standalone ready on"), "the banner's ready line is for a host that runs");
    }
}
