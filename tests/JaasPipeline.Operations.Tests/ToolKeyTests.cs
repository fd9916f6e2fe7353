using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Operations.Tests;

/// <summary>
/// jaas-ops sends each service its own key (--api-key-for, JAAS_API_KEY_&lt;SERVICE&gt;) or the operator key
/// (--api-key, JAAS_API_KEY); a refusal, a refused connection or a wrong key is one line naming the service, the URL
/// and the problem, never a stack trace and never a key; --help never shows a key from the environment.
/// </summary>
public sealed class ToolKeyTests
{
    private const string OperatorKey = "tool-operator-key-0123456789";
    private const string ReadKey = "tool-read-key-0123456789";
    private const string WrongKey = "tool-wrong-key-0123456789";
    private static readonly string[] Replay = ["replay", "--from", "2026-01-01T00:00:00Z", "--to", "2026-01-02T00:00:00Z"];
    private static readonly string JaasOps = Path.Combine(AppContext.BaseDirectory, "jaas-ops.dll");
    private WebApplication ingress = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // A real Kestrel with the real key filters: an operator key and a read key, the replay endpoint behind the admin filter.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Api:Keys:0"] = OperatorKey, ["Api:ReadKeys:0"] = ReadKey });
        builder.Services.AddProblemDetails();
        builder.Services.AddApiAccess(builder.Configuration);
        ingress = builder.Build();
        ingress.MapPost("/api/replay", () => Results.Ok(new { scheduled = 3 })).RequireAdminKey("replay API");
        await ingress.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await ingress.DisposeAsync();

    private string IngressUrl => ingress.Urls.First();

    [Test]
    public async Task WrongKey_IsOneLineNamingTheServiceUrlStatusAndWhereTheKeyCameFrom()
    {
        var run = await OpsRun.RunAsync([.. Replay, "--ingress-url", IngressUrl, "--api-key", WrongKey]);

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.Failed), run.ToString());
        Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.Error);
        Assert.That(run.Error, Does.Contain($"ingress at {IngressUrl}/api/replay answered 401 API key required").And.Contain("the key from --api-key"));
        Assert.That(run.Error, Does.Not.Contain(WrongKey).And.Not.Contain("   at "));
    }

    [Test]
    public async Task ReadKey_IsRefused403WithTheProblemsTitle()
    {
        var run = await OpsRun.RunAsync([.. Replay, "--ingress-url", IngressUrl, "--api-key", ReadKey]);

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.Failed), run.ToString());
        Assert.That(run.Error, Does.Contain("answered 403 Operator key required").And.Not.Contain(ReadKey));
    }

    [Test]
    public async Task RefusedConnection_IsOneLineWithTheSocketError()
    {
        var port = ServiceProcess.FreeLoopbackPort();

        var run = await OpsRun.RunAsync([.. Replay, "--ingress-url", $"http://127.0.0.1:{port}", "--api-key", OperatorKey]);

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.Failed), run.ToString());
        Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.Error);
        Assert.That(run.Error, Does.Contain($"ingress at http://127.0.0.1:{port}/api/replay did not answer: ConnectionError").And.Contain("refused"));
    }

    [Test]
    public async Task ApiKeyFor_OverridesApiKeyForItsServiceOnly()
    {
        var run = await OpsRun.RunAsync([.. Replay, "--ingress-url", IngressUrl, "--api-key", WrongKey, "--api-key-for", "ingress=" + OperatorKey]);

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.Done), run.ToString());
        Assert.That(run.Output, Does.Contain("Scheduled 3"));
    }

    [Test]
    public async Task KeyOfAnotherServiceOnly_IsAMissingKeyNamingTheOptionsToGive()
    {
        var run = await OpsRun.RunAsync([.. Replay, "--ingress-url", IngressUrl, "--api-key-for", "transcription=" + OperatorKey]);

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.BadInput), run.ToString());
        Assert.That(run.Error, Does.Contain("no API key for ingress").And.Contain("--api-key-for ingress=<key>").And.Contain("JAAS_API_KEY_INGRESS"));
    }

    [TestCase("ingress")]
    [TestCase("billing=" + OperatorKey)]
    [TestCase("ingress=")]
    public async Task MalformedApiKeyFor_IsBadInputWithoutTheKey(string value)
    {
        var run = await OpsRun.RunAsync([.. Replay, "--ingress-url", IngressUrl, "--api-key-for", value]);

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.BadInput), run.ToString());
        Assert.That(run.Error, Does.Contain("--api-key-for").And.Not.Contain(OperatorKey));
    }

    [Test]
    public async Task KeysFromTheEnvironment_AreReadWhenNeededAndTheServicesOwnWins()
    {
        // A child process: the environment is its own, as a user's shell gives it.
        var (exitCode, lines) = await ServiceProcess.RunToExitAsync(JaasOps, AppContext.BaseDirectory,
            new Dictionary<string, string> { ["JAAS_API_KEY"] = WrongKey, ["JAAS_API_KEY_INGRESS"] = OperatorKey },
            [.. Replay, "--ingress-url", IngressUrl]);

        Assert.That(exitCode, Is.EqualTo(OpsCommandLine.Done), string.Join('\n', lines));
        Assert.That(lines, Has.Some.Contains("Scheduled 3"));
    }

    [TestCase("--help")]
    [TestCase("replay", "--help")]
    [TestCase("reprocess", "--help")]
    [TestCase("error-queues", "list", "--help")]
    public async Task Help_NeverShowsAKeyFromTheEnvironment(params string[] args)
    {
        var (exitCode, lines) = await ServiceProcess.RunToExitAsync(JaasOps, AppContext.BaseDirectory,
            new Dictionary<string, string> { ["JAAS_API_KEY"] = OperatorKey, ["JAAS_API_KEY_MEDIA_ARTIFACTS"] = ReadKey }, args);
        var help = string.Join('\n', lines);

        Assert.That(exitCode, Is.Zero, help);
        Assert.That(help, Does.Contain("--api-key-for").And.Contain("JAAS_API_KEY_MEDIA_ARTIFACTS").And.Contain("(env JAAS_API_KEY)"));
        Assert.That(help, Does.Not.Contain(OperatorKey).And.Not.Contain(ReadKey));
    }
}
