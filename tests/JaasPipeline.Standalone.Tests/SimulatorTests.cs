using JaasPipeline.Simulator;
using JaasPipeline.Testing;

namespace JaasPipeline.Standalone.Tests;

/// <summary>
/// The simulator against the embedded default as a user runs it (the Standalone as its own process): JaaS's habits
/// switched on, and --verify reading every service's API back. Its check must also catch a pipeline that did not
/// process what was sent.
/// </summary>
public sealed class SimulatorTests
{
    private const string Secret = "whsec_standalone_simulator_test_000000";
    private static readonly string StandaloneDll = Path.Combine(AppContext.BaseDirectory, "JaasPipeline.Standalone.dll");

    [Test]
    public async Task DuplicatedShuffledMeetings_AreVerifiedThroughEveryReadApi()
    {
        using var folder = new TempFolder("simulator");
        await using var standalone = await ServiceProcess.StartAsync(StandaloneDll, folder.Path, new Dictionary<string, string> { ["Ingress__WebhookSecrets__0"] = Secret });
        var output = new StringWriter();

        var exitCode = await new SimulationRun(Settings(standalone.Address, standalone.Address, TimeSpan.FromSeconds(60)), output).RunAsync(CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(SimulationRun.Succeeded), output.ToString());
        Assert.That(output.ToString(), Does.Contain("Verified:  all 12 meetings agree"));
    }

    [Test]
    public async Task MeetingsWithFilesTheSimulatorServes_AreStoredChecksummedAndSummarized()
    {
        using var folder = new TempFolder("simulator-files");
        await using var standalone = await ServiceProcess.StartAsync(StandaloneDll, folder.Path, new Dictionary<string, string>
        {
            ["Ingress__WebhookSecrets__0"] = Secret,
            // The simulator's file server is on loopback: named exactly (so its address is not checked) and plain http.
            ["MediaArtifacts__AllowedHosts__0"] = "127.0.0.1",
            ["MediaArtifacts__RequireHttps"] = "false",
        });
        var output = new StringWriter();
        var settings = Settings(standalone.Address, standalone.Address, TimeSpan.FromSeconds(60)) with { ServeFiles = true, MediaUrl = standalone.Address };

        var exitCode = await new SimulationRun(settings, output).RunAsync(CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(SimulationRun.Succeeded), output.ToString());
        Assert.That(output.ToString(), Does.Contain("Verified:  all 12 meetings agree").And.Contain("stored files, call quality"));
        Assert.That(output.ToString(), Does.Match(@"media:\s+stored .*recording [1-9].*; analytics call quality of [1-9]"), "the plan had files of each kind");
    }

    [Test]
    public async Task ReadApisOfAnotherDeployment_FailVerificationNamingTheDifferences()
    {
        using var folder = new TempFolder("simulator-elsewhere");
        using var otherFolder = new TempFolder("simulator-empty");
        await using var standalone = await ServiceProcess.StartAsync(StandaloneDll, folder.Path, new Dictionary<string, string> { ["Ingress__WebhookSecrets__0"] = Secret });
        await using var empty = await ServiceProcess.StartAsync(StandaloneDll, otherFolder.Path, new Dictionary<string, string> { ["Ingress__WebhookSecrets__0"] = Secret });
        var output = new StringWriter();

        var exitCode = await new SimulationRun(Settings(standalone.Address, empty.Address, TimeSpan.FromSeconds(2)), output).RunAsync(CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(SimulationRun.Failed), output.ToString());
        Assert.That(output.ToString(), Does.Contain("Verify FAILED").And.Contain("attendance of").And.Contain("expected"));
    }

    private static SimulationSettings Settings(Uri ingress, Uri readApis, TimeSpan verifyTimeout) => new(
        [ingress], Secret, Meetings: 12, Participants: null, Concurrency: 4, Duplicates: 0.25, Shuffle: true, Retry: true, Seed: 42,
        Verify: true, Keys: JaasPipeline.Operations.ServiceKeys.None, AttendanceUrl: readApis, TranscriptionUrl: readApis, AnalyticsUrl: readApis, verifyTimeout);
}
