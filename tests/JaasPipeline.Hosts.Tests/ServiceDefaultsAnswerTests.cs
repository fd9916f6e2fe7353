using System.Net;
using System.Text.Json;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JaasPipeline.Hosts.Tests;

/// <summary>
/// What the shared defaults do to every answer of a host (docs/api.md §2, §3, §6), on a host built from them alone
/// (Kestrel on loopback, Production environment) with endpoints that fail and answer on purpose.
/// </summary>
public sealed class ServiceDefaultsAnswerTests
{
    private const string ExceptionText = "the database password is hunter2";
    private WebApplication app = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults("defaults-probe");
        app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/boom", IResult () => throw new InvalidOperationException(ExceptionText));
        app.MapGet("/answer", () => Results.Ok(new { at = new DateTimeOffset(2026, 11, 23, 11, 0, 41, 110, TimeSpan.FromHours(1)), name = "O'Brien <&>", missing = (string?)null }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        client = new HttpClient { BaseAddress = new Uri(address) };
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    [Test]
    public async Task UnhandledException_IsA500ProblemWithATraceIdAndNoExceptionText()
    {
        using var response = await client.GetAsync("/boom");
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(500));
        Assert.That(problem.GetProperty("traceId").GetString(), Is.Not.Empty);
        Assert.That(text, Does.Not.Contain("hunter2").And.Not.Contain(nameof(InvalidOperationException)));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }), "the header survives the exception handler");
    }

    [Test]
    public async Task JsonAnswer_IsWrittenWithApiJson()
    {
        using var response = await client.GetAsync("/answer");

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"at":"2026-11-23T10:00:41.110Z","name":"O'Brien <&>","missing":null}"""));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
    }

    [Test]
    public async Task UnknownRoute_IsA404ProblemWithNoSniff()
    {
        using var response = await client.GetAsync("/no-such-route");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
    }
}
