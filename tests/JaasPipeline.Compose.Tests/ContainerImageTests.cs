using System.Diagnostics;
using System.Text.RegularExpressions;
using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;

namespace JaasPipeline.Compose.Tests;

/// <summary>
/// compose/Dockerfile. There is no Docker engine here, so what can be checked without one is: its publish step, run
/// as written for one host, gives an executable that starts (<c>--help</c>) and whose health check runs
/// (<c>--probe</c>); the image is non-root, on the SDK's own .NET version, with the probe as its health check.
/// </summary>
public sealed partial class ContainerImageTests
{
    private static string Dockerfile => File.ReadAllText(ComposeProject.PathOf("Dockerfile"));

    [Test]
    public async Task PublishStepOfTheDockerfile_GivesAHostThatStartsAndProbes()
    {
        // In a copy of what `docker build` sends (the repository less .dockerignore), as the build stage's /src: a
        // file the publish needs but .dockerignore leaves out fails here. A fresh build: about 45 s.
        using var context = new TempFolder("compose-context");
        using var output = new TempFolder("compose-publish");
        BuildContext.CopyTo(context.Path);
        var command = PublishCommand().Replace("${SERVICE}", "Ingress", StringComparison.Ordinal).Replace("/app", output.Path, StringComparison.Ordinal);

        var (exitCode, log) = await RunAsync("bash", ["-c", command], context.Path, TimeSpan.FromMinutes(8));
        Assert.That(exitCode, Is.Zero, $"{command}\n{log}");

        var host = Path.Combine(output.Path, "jaas-host");
        var (helpExit, help) = await RunAsync(host, ["--help"], output.Path, TimeSpan.FromMinutes(1));
        Assert.That(helpExit, Is.Zero, help);
        Assert.That(help, Does.StartWith("JaasPipeline ingress: the settings it reads."));

        // What HEALTHCHECK runs: nothing listens on that port, so the probe says "not ready" (1), and does not start a host.
        var port = ServiceProcess.FreeLoopbackPort();
        var (probeExit, probe) = await RunAsync(host, ["--probe", $"--Urls=http://0.0.0.0:{port}"], output.Path, TimeSpan.FromMinutes(1));
        Assert.That(probeExit, Is.EqualTo(HealthProbe.NotReady), probe);
        Assert.That(probe, Does.Contain($"http://127.0.0.1:{port}/health/ready"));
    }

    [TestCase("README.md", false)]
    [TestCase("Directory.Packages.props", false)]
    [TestCase("services/Ingress/JaasPipeline.Ingress.Host/Program.cs", false)]
    [TestCase("shared/JaasPipeline.Data/SchemaMigrator.cs", false)]
    [TestCase("compose/.env", true)]
    [TestCase("tests/JaasPipeline.Compose.Tests/BuildContext.cs", true)]
    [TestCase("services/Ingress/JaasPipeline.Ingress/obj/project.assets.json", true)]
    [TestCase("services/Ingress/JaasPipeline.Ingress.Host/bin/Release/net10.0/JaasPipeline.Ingress.Host.dll", true)]
    [TestCase("data/ingress.db", true)]
    [TestCase(".git", true)]
    public void DockerIgnore_SendsTheSourcesButNoSecretsTestsOrBuildOutput(string path, bool ignored)
    {
        var patterns = BuildContext.Patterns(File.ReadAllLines(Path.Combine(ServiceProcess.RepositoryRoot, ".dockerignore")));

        Assert.That(BuildContext.IsIgnored(path, patterns), Is.EqualTo(ignored));
    }

    [Test]
    public void Image_RunsAsTheNonRootUserOfTheAspNetImage()
    {
        var finalStage = Dockerfile[Dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];

        Assert.That(finalStage, Does.Contain("FROM mcr.microsoft.com/dotnet/aspnet:"));
        Assert.That(Regex.Matches(finalStage, @"^USER (.+)$", RegexOptions.Multiline).Last().Groups[1].Value.Trim(),
            Is.EqualTo("$APP_UID"));
        Assert.That(finalStage, Does.Contain("HEALTHCHECK").And.Contain("""CMD ["/app/jaas-host", "--probe"]"""));
        Assert.That(finalStage, Does.Contain("""ENTRYPOINT ["/app/jaas-host"]"""));
    }

    [Test]
    public void BaseImages_AreOfTheDotNetVersionTheHostsTarget()
    {
        var props = File.ReadAllText(Path.Combine(ServiceProcess.RepositoryRoot, "Directory.Build.props"));
        var version = Regex.Match(props, @"<TargetFramework>net(\d+\.\d+)</TargetFramework>").Groups[1].Value;

        var images = Regex.Matches(Dockerfile, @"^FROM (\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

        Assert.That(images, Is.EqualTo(new[] { $"mcr.microsoft.com/dotnet/sdk:{version}", $"mcr.microsoft.com/dotnet/aspnet:{version}" }));
    }

    [Test]
    public void EveryServiceOfTheComposeFile_IsBuiltFromTheDockerfileForAHostThatExists()
    {
        foreach (var (name, service, module) in ComposeProject.JaasServices())
        {
            Assert.That((string)service["build"]!["context"]!, Is.EqualTo(".."), name);
            Assert.That((string)service["build"]!["dockerfile"]!, Is.EqualTo("compose/Dockerfile"), name);
            var project = Path.Combine(ServiceProcess.RepositoryRoot, "services", module, $"JaasPipeline.{module}.Host", $"JaasPipeline.{module}.Host.csproj");
            Assert.That(File.Exists(project), Is.True, $"{name}: SERVICE={module}");
        }

        Assert.That(ComposeProject.JaasServices().Select(s => s.Module),
            Is.EquivalentTo(new[] { "Ingress", "Attendance", "MediaArtifacts", "Transcription", "Analytics", "Console" }));
    }

    /// <summary>The RUN line between the publish markers of the Dockerfile, continuation lines joined, without RUN.</summary>
    private static string PublishCommand()
    {
        var match = PublishBlock().Match(Dockerfile);
        Assert.That(match.Success, Is.True, "compose/Dockerfile has no # publish:start … # publish:end block");
        return match.Groups[1].Value.Replace("\\\n", " ", StringComparison.Ordinal).Trim();
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, string folder, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', arguments)} did not end within {limit}:\n{await output}{await error}");
        }

        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"# publish:start\nRUN (.*?)\n# publish:end", RegexOptions.Singleline)]
    private static partial Regex PublishBlock();
}
