using Microsoft.AspNetCore.Hosting;

namespace JaasPipeline.Operations.Tests;

/// <summary>Bad input to jaas-ops: exit code 2 and one line saying what is wrong, before any service is called.</summary>
public sealed class CommandLineInputTests
{
    // Port 9 (discard) on loopback: nothing is called for bad input, and were it called, nothing would answer.
    private static readonly string[] Target = ["--ingress-url", "http://127.0.0.1:9", "--api-key", "operations-tests-key-0123456789"];

    [TestCase(new[] { "replay", "--to", "2026-01-01T00:00:00Z" }, "--from")]
    [TestCase(new[] { "replay", "--from", "yesterday", "--to", "2026-01-01T00:00:00Z" }, "--from 'yesterday'")]
    [TestCase(new[] { "replay", "--from", "2026-01-02T00:00:00Z", "--to", "2026-01-01T00:00:00Z" }, "--from is after --to")]
    [TestCase(new[] { "reprocess", "billing", "--from", "2026-01-01T00:00:00Z", "--to", "2026-01-02T00:00:00Z" }, "consumer 'billing'")]
    [TestCase(new[] { "error-queues", "move", "attendance", "--max", "0" }, "--max 0")]
    [TestCase(new[] { "error-queues", "move", "attendance", "--max", "many" }, "many")]
    [TestCase(new[] { "frobnicate" }, "frobnicate")]
    public async Task BadInput_ExitsWith2AndOneLineNamingIt(string[] args, string named)
    {
        var run = await OpsRun.RunAsync([.. args, .. Target]);

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.BadInput), run.ToString());
        Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.Error);
        Assert.That(run.Error, Does.StartWith("jaas-ops: ").And.Contain(named));
        Assert.That(run.Output, Is.Empty);
    }

    [Test]
    public async Task AServiceWithoutTheRoute_IsNamedWithWhatItMostLikelyMeans()
    {
        // Kestrel on loopback with no routes at all: what a service whose admin APIs are off (no Api:Keys) answers too.
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var bare = builder.Build();
        await bare.StartAsync();

        var run = await OpsRun.RunAsync(["replay", "--from", "2026-01-01T00:00:00Z", "--to", "2026-01-02T00:00:00Z",
            "--ingress-url", bare.Urls.First(), "--api-key", "operations-tests-key-0123456789"]);

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.Failed), run.ToString());
        Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.Error);
        Assert.That(run.Error, Does.Contain("404").And.Contain("Api:Keys"));
    }

    [Test]
    public async Task WithoutApiKey_ExitsWith2NamingTheOptionAndTheVariable()
    {
        var run = await OpsRun.RunAsync(["replay", "--from", "2026-01-01T00:00:00Z", "--to", "2026-01-02T00:00:00Z", "--ingress-url", "http://127.0.0.1:9", "--api-key", ""]);

        Assert.That(run.ExitCode, Is.EqualTo(OpsCommandLine.BadInput));
        Assert.That(run.Error.Trim(), Does.Contain("--api-key").And.Contain("JAAS_API_KEY"));
    }

    [TestCase("--help")]
    [TestCase("replay", "--help")]
    [TestCase("reprocess", "--help")]
    [TestCase("error-queues", "move", "--help")]
    public async Task Help_IsPrintedWithExit0(params string[] args)
    {
        var run = await OpsRun.RunAsync(args);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("Usage:"));
    }
}
