using JaasPipeline.Operations;
using JaasPipeline.Simulator;
using JaasPipeline.Testing;

namespace JaasPipeline.Standalone.Tests;

/// <summary>
/// The simulator says why: deliveries not answered 2xx are counted by status and problem title; --verify sends each
/// read API its key and stops at once, in one line naming the service and the URL, when one refuses or does not answer;
/// an artifact that ends rejected ends the wait with its reason; --help never shows a key.
/// </summary>
public sealed class SimulatorFailureTests
{
    private const string Secret = "whsec_standalone_simulator_keys_00000";
    private const string OperatorKey = "simulator-operator-key-0123456789";
    private const string ReadKey = "simulator-read-key-0123456789";
    private static readonly string StandaloneDll = Path.Combine(AppContext.BaseDirectory, "JaasPipeline.Standalone.dll");
    private static readonly string SimulatorDll = Path.Combine(AppContext.BaseDirectory, "JaasPipeline.Simulator.dll");
    private TempFolder folder = null!;
    private ServiceProcess standalone = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        folder = new TempFolder("simulator-keys");
        // Default media-artifacts settings: https links from JaaS's storage hosts only, so the simulator's files are rejected.
        standalone = await ServiceProcess.StartAsync(StandaloneDll, folder.Path, new Dictionary<string, string>
        {
            ["Ingress__WebhookSecrets__0"] = Secret,
            ["Api__Keys__0"] = OperatorKey,
            ["Api__ReadKeys__0"] = ReadKey,
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await standalone.DisposeAsync();
        folder.Dispose();
    }

    [Test]
    public async Task WrongSecret_NonAnswersAreCountedByStatusAndProblemTitle()
    {
        var (exitCode, output, _) = await RunAsync(Settings(ServiceKeys.None) with { Secret = "whsec_not_the_deployments_secret_000", Verify = false });

        Assert.That(exitCode, Is.EqualTo(SimulationRun.Failed), output);
        Assert.That(output, Does.Match(@"not 2xx: 401 Delivery not authenticated: [1-9]\d*"));
    }

    [Test]
    public async Task RefusedPort_DeliveriesAreCountedWithTheSocketError()
    {
        var closed = new Uri($"http://127.0.0.1:{ServiceProcess.FreeLoopbackPort()}/");

        var (exitCode, output, _) = await RunAsync(Settings(ServiceKeys.None) with { Ingresses = [closed], Verify = false });

        Assert.That(exitCode, Is.EqualTo(SimulationRun.Failed), output);
        Assert.That(output, Does.Match(@"not 2xx: no answer: ConnectionError \(Connection refused\): [1-9]\d*"));
    }

    [Test]
    public async Task NoKey_VerifyStopsAtOnceNamingTheServiceAndTheProblem()
    {
        var (exitCode, output, error) = await RunAsync(Settings(ServiceKeys.None));

        Assert.That(exitCode, Is.EqualTo(SimulationRun.Failed), output + error);
        Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(error, Does.StartWith($"Verify stopped: attendance at {standalone.Address}api/attendance/")
            .And.Contain("answered 401 API key required").And.Contain("no key"));
    }

    [Test]
    public async Task KeyForOneService_IsSentToThatServiceOnly()
    {
        var keys = Keys(OperatorKey, "transcription=not-a-key-of-this-deployment");

        var (exitCode, output, error) = await RunAsync(Settings(keys));

        Assert.That(exitCode, Is.EqualTo(SimulationRun.Failed), output + error);
        Assert.That(error, Does.Contain("transcription at").And.Contain("answered 401").And.Contain("the key from --api-key-for transcription")
            .And.Not.Contain("not-a-key-of-this-deployment"));
    }

    [Test]
    public async Task ReadKey_Verifies()
    {
        var (exitCode, output, error) = await RunAsync(Settings(Keys(ReadKey)));

        Assert.That(exitCode, Is.EqualTo(SimulationRun.Succeeded), output + error);
        Assert.That(output, Does.Contain("Verified:  all 2 meetings agree"));
    }

    [Test]
    public async Task RefusedPort_VerifyStopsWithTheSocketError()
    {
        var closed = new Uri($"http://127.0.0.1:{ServiceProcess.FreeLoopbackPort()}/");

        var (exitCode, output, error) = await RunAsync(Settings(Keys(OperatorKey)) with { AttendanceUrl = closed });

        Assert.That(exitCode, Is.EqualTo(SimulationRun.Failed), output + error);
        Assert.That(error, Does.StartWith($"Verify stopped: attendance at {closed}api/attendance/").And.Contain("did not answer: ConnectionError"));
    }

    [Test]
    public async Task RejectedFiles_EndTheWaitAtOnceWithTheirReason()
    {
        // An hour to wait: only a final status ends the wait before it.
        var settings = Settings(Keys(OperatorKey)) with { ServeFiles = true, MediaUrl = standalone.Address, VerifyTimeout = TimeSpan.FromHours(1) };

        var (exitCode, output, error) = await RunAsync(settings);

        Assert.That(exitCode, Is.EqualTo(SimulationRun.Failed), output + error);
        Assert.That(output, Does.Contain("files ended without being stored (not waiting for the rest)").And.Match(@"file: rejected: \S+"));
    }

    [Test]
    public async Task Help_NeverShowsAKeyFromTheEnvironment()
    {
        var (exitCode, lines) = await ServiceProcess.RunToExitAsync(SimulatorDll, folder.Path,
            new Dictionary<string, string> { ["JAAS_API_KEY"] = OperatorKey, ["JAAS_API_KEY_ATTENDANCE"] = ReadKey }, "--help");
        var help = string.Join('\n', lines);

        Assert.That(exitCode, Is.Zero, help);
        Assert.That(help, Does.Contain("--api-key-for").And.Contain("(env JAAS_API_KEY)"));
        Assert.That(help, Does.Not.Contain(OperatorKey).And.Not.Contain(ReadKey));
    }

    [Test]
    public async Task SendFolderToARefusedPort_IsOneLineOnStderr()
    {
        using var events = new TempFolder("simulator-events");
        await File.WriteAllTextAsync(Path.Combine(events.Path, "1.json"), "{}");
        var url = $"http://127.0.0.1:{ServiceProcess.FreeLoopbackPort()}";

        var (exitCode, lines) = await ServiceProcess.RunToExitAsync(SimulatorDll, folder.Path, new Dictionary<string, string>(),
            "send-folder", events.Path, "--url", url);

        Assert.That(exitCode, Is.EqualTo(SimulationRun.Failed), string.Join('\n', lines));
        Assert.That(lines, Has.One.EqualTo($"1.json: ingress at {url}/webhooks/jaas did not answer: ConnectionError (Connection refused); nothing more sent"));
        Assert.That(string.Join('\n', lines), Does.Not.Contain("   at "));
    }

    private static ServiceKeys Keys(string apiKey, params string[] apiKeyFor) =>
        ServiceKeys.TryRead(apiKey, apiKeyFor, out var keys, out var refusal, _ => null) ? keys : throw new ArgumentException(refusal);

    private SimulationSettings Settings(ServiceKeys keys) => new(
        [standalone.Address], Secret, Meetings: 2, Participants: 3, Concurrency: 2, Duplicates: 0, Shuffle: false, Retry: false, Seed: 7,
        Verify: true, Keys: keys, AttendanceUrl: standalone.Address, TranscriptionUrl: standalone.Address, AnalyticsUrl: standalone.Address,
        VerifyTimeout: TimeSpan.FromSeconds(60));

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(SimulationSettings settings)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await new SimulationRun(settings, output, error).RunAsync(CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }
}
