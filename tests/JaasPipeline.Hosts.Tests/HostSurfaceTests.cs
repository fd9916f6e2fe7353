using System.Text.Json;
using JaasPipeline.Testing;

namespace JaasPipeline.Hosts.Tests;

/// <summary>Every host describes itself: <c>GET /</c> names it and lists its endpoints, the OpenAPI document lists them all.</summary>
public sealed class HostSurfaceTests
{
    private static IEnumerable<TestCaseData> Hosts =>
    [
        new TestCaseData(HostProgram.Ingress, new[] { "POST /webhooks/jaas" }).SetArgDisplayNames("ingress"),
        new TestCaseData(HostProgram.Attendance, new[] { "GET /api/attendance/meetings", "GET /api/attendance/{sessionId}", "GET /api/attendance/{sessionId}.csv" }).SetArgDisplayNames("attendance"),
        new TestCaseData(HostProgram.MediaArtifacts, new[] { "GET /api/artifacts/meetings", "GET /api/artifacts/{sessionId}", "GET /api/artifacts/{sessionId}/{artifactId}/content" }).SetArgDisplayNames("media-artifacts"),
        new TestCaseData(HostProgram.Transcription, new[] { "GET /api/transcripts/meetings", "GET /api/transcripts/{sessionId}", "GET /api/transcripts/search" }).SetArgDisplayNames("transcription"),
        new TestCaseData(HostProgram.Analytics, new[] { "GET /api/analytics/meetings", "GET /api/analytics/{sessionId}", "GET /api/usage/{customerId}" }).SetArgDisplayNames("analytics"),
        new TestCaseData(HostProgram.Standalone, new[] { "POST /webhooks/jaas", "GET /api/attendance/{sessionId}", "GET /api/transcripts/{sessionId}", "GET /api/analytics/{sessionId}", "GET /api/artifacts/{sessionId}" }).SetArgDisplayNames("standalone"),
    ];

    [TestCaseSource(nameof(Hosts))]
    public async Task RunningHost_AnswersItsNameAtTheRootAndDescribesEveryMappedEndpointInOpenApi(HostProgram host, string[] ownEndpoints)
    {
        using var folder = new TempFolder("surface");
        await using var process = await ServiceProcess.StartAsync(host.Dll, folder.Path, host.SelfContainedSettings(folder.Path));

        var index = JsonDocument.Parse(await process.Client.GetStringAsync("/")).RootElement;
        var mapped = index.GetProperty("endpoints").EnumerateArray()
            .Select(e => $"{e.GetProperty("method").GetString()} {e.GetProperty("route").GetString()}").ToHashSet();
        var openApi = JsonDocument.Parse(await process.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var described = openApi.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();

        Assert.That(index.GetProperty("service").GetString(), Is.EqualTo(host.ServiceName));
        Assert.That(index.GetProperty("links").GetProperty("openapi").GetString(), Is.EqualTo("/openapi/v1.json"));
        Assert.That(mapped, Is.SupersetOf(new[] { "GET /", "GET /health/live", "GET /health/ready", "GET /metrics" }.Concat(ownEndpoints)));
        Assert.That(described, Is.EquivalentTo(mapped));
    }
}
