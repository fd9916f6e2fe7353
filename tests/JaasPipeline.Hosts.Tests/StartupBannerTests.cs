using JaasPipeline.Testing;

namespace JaasPipeline.Hosts.Tests;

/// <summary>
/// The start-up banner says what is on and why, one short line each (signatures, read APIs, admin APIs, downloads), then
/// "ready"; it counts keys and secrets but never prints one.
/// </summary>
public sealed class StartupBannerTests
{
    private const string OperatorKey = "banner-operator-key-0123456789";
    private const string NamedKey = "banner-named-key-0123456789";
    private const string ReadKey = "banner-read-key-0123456789";

    [Test]
    public async Task KeysAndSecret_AreCountedOnTheirLinesAndNeverPrinted()
    {
        var host = HostProgram.Standalone;
        using var folder = new TempFolder("banner-keys");
        var settings = host.SelfContainedSettings(folder.Path);
        settings["Api__Keys__0"] = OperatorKey;
        settings["Api__NamedKeys__ops-alice"] = NamedKey;
        settings["Api__ReadKeys__0"] = ReadKey;
        settings["MediaArtifacts__RequireHttps"] = "false";

        var output = await BannerAsync(host, folder, settings);

        Assert.That(output, Does.Contain("standalone signatures: checked (1 secrets in Ingress:WebhookSecrets)")
            .And.Contain("standalone read APIs: key required (2 operator, 1 read keys; X-Api-Key)")
            .And.Contain("standalone admin APIs: on (2 operator keys)")
            .And.Contain("standalone downloads: http allowed (MediaArtifacts:RequireHttps=false)"));
        Assert.That(output, Does.Not.Contain(OperatorKey).And.Not.Contain(NamedKey).And.Not.Contain(ReadKey)
            .And.Not.Contain(settings["Ingress__WebhookSecrets__0"]));
    }

    [Test]
    public async Task NoKeysAndUnsigned_SayWhatIsOffAndWhy()
    {
        var host = HostProgram.Standalone;
        using var folder = new TempFolder("banner-open");
        var settings = host.SelfContainedSettings(folder.Path);
        settings.Remove("Ingress__WebhookSecrets__0");
        settings["Ingress__AllowUnsigned"] = "true";

        var output = await BannerAsync(host, folder, settings);

        Assert.That(output, Does.Contain("standalone signatures: NOT checked (Ingress:AllowUnsigned=true and no Ingress:WebhookSecrets)")
            .And.Contain("standalone read APIs: open to loopback callers only (no Api:Keys or Api:ReadKeys)")
            .And.Contain("standalone admin APIs: off (no operator key: set Api:Keys or Api:NamedKeys)")
            .And.Contain("standalone downloads: https only"));
    }

    [Test]
    public async Task SeparateHost_HasOnlyItsOwnLines()
    {
        var host = HostProgram.Attendance;
        using var folder = new TempFolder("banner-attendance");
        var settings = host.SelfContainedSettings(folder.Path);
        settings["Api__ReadKeys__0"] = ReadKey;

        var output = await BannerAsync(host, folder, settings);

        Assert.That(output, Does.Contain("attendance read APIs: key required (0 operator, 1 read keys; X-Api-Key)")
            .And.Contain("attendance admin APIs: off (no operator key"));
        Assert.That(output, Does.Not.Contain("signatures:").And.Not.Contain("downloads:"));
    }

    // Starts the host, waits for its banner's last line, and returns everything it printed.
    private static async Task<string> BannerAsync(HostProgram host, TempFolder folder, Dictionary<string, string> settings)
    {
        await using var process = await ServiceProcess.StartAsync(host.Dll, folder.Path, settings);
        var ready = $"{host.ServiceName} ready on {process.Address.ToString().TrimEnd('/')}";
        await Eventually.WaitUntilAsync(() => process.Output.Contains(ready, StringComparison.Ordinal), TimeSpan.FromSeconds(30), $"the line '{ready}'");
        return process.Output;
    }
}
