using JaasPipeline.ServiceDefaults;
using JaasPipeline.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JaasPipeline.Benchmark.Tests;

/// <summary>
/// The settings-provisioning benchmark takes the ingress's key like every tool (--api-key, --api-key-for ingress=…);
/// a refused seed or a refused connection is one line on stderr, exit 1, no stack trace; --help never shows a key.
/// </summary>
public sealed class BenchmarkKeyTests
{
    private const string OperatorKey = "benchmark-operator-key-0123456789";
    private const string WrongKey = "benchmark-wrong-key-0123456789";
    private static readonly string Benchmark = Path.Combine(AppContext.BaseDirectory, "JaasPipeline.Benchmark.dll");

    [Test]
    public async Task WrongKey_StopsTheSeedInOneLineNamingTheProblemAndWhereTheKeyCameFrom()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Api:Keys:0"] = OperatorKey });
        builder.Services.AddProblemDetails();
        builder.Services.AddApiAccess(builder.Configuration);
        await using var ingress = builder.Build();
        ingress.MapPut("/api/room-settings/{appId}/{room}", () => Results.NoContent()).RequireAdminKey("room-settings admin API");
        await ingress.StartAsync();

        var (exitCode, lines) = await RunAsync(new Dictionary<string, string> { ["JAAS_API_KEY_INGRESS"] = WrongKey }, ingress.Urls.First());

        Assert.That(exitCode, Is.EqualTo(1), string.Join('\n', lines));
        Assert.That(lines, Has.One.StartsWith($"Seeding the rules: ingress at {ingress.Urls.First()}/api/room-settings/")
            .And.Contains("answered 401 API key required").And.Contains("the key from JAAS_API_KEY_INGRESS"));
        Assert.That(string.Join('\n', lines), Does.Not.Contain(WrongKey).And.Not.Contain("   at "));
    }

    [Test]
    public async Task RefusedPort_IsOneLineWithTheSocketError()
    {
        var url = $"http://127.0.0.1:{ServiceProcess.FreeLoopbackPort()}";

        var (exitCode, lines) = await RunAsync(new Dictionary<string, string>(), url, "--api-key", OperatorKey);

        Assert.That(exitCode, Is.EqualTo(1), string.Join('\n', lines));
        Assert.That(lines, Has.One.StartsWith($"Seeding the rules: ingress at {url}/api/room-settings/").And.Contains("did not answer: ConnectionError"));
        Assert.That(string.Join('\n', lines), Does.Not.Contain("   at "));
    }

    [Test]
    public async Task NoKeyForTheIngress_IsRefusedNamingWhatToGive()
    {
        var (exitCode, lines) = await RunAsync(new Dictionary<string, string>(), "http://127.0.0.1:9", "--api-key-for", "attendance=" + OperatorKey);

        Assert.That(exitCode, Is.EqualTo(2), string.Join('\n', lines));
        Assert.That(string.Join('\n', lines), Does.Contain("no API key for ingress").And.Not.Contain(OperatorKey));
    }

    [TestCase("--help")]
    [TestCase("settings-provisioning", "--help")]
    public async Task Help_NeverShowsAKeyFromTheEnvironment(params string[] args)
    {
        var (exitCode, lines) = await ServiceProcess.RunToExitAsync(Benchmark, AppContext.BaseDirectory,
            new Dictionary<string, string> { ["JAAS_API_KEY"] = OperatorKey, ["JAAS_API_KEY_INGRESS"] = WrongKey }, args);
        var help = string.Join('\n', lines);

        Assert.That(exitCode, Is.Zero, help);
        Assert.That(help, Does.Not.Contain(OperatorKey).And.Not.Contain(WrongKey));
    }

    private static Task<(int ExitCode, IReadOnlyList<string> Lines)> RunAsync(Dictionary<string, string> environment, string url, params string[] keys) =>
        ServiceProcess.RunToExitAsync(Benchmark, AppContext.BaseDirectory, environment,
            ["settings-provisioning", "--url", url, "--duration", "1", "--warmup", "0", .. keys]);
}
