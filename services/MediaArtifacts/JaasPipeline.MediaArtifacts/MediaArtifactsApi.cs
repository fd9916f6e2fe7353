using System.Text.Json;
using JaasPipeline.ArtifactStorage;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace JaasPipeline.MediaArtifacts;

/// <summary>One artifact as the read API lists it.</summary>
public sealed record ArtifactSummary(
    Guid ArtifactId, string Kind, string Status, string? Reason, long? Bytes, string? Sha256, string? FileName, string EventType,
    DateTimeOffset CreatedAt, DateTimeOffset? StoredAt, DateTimeOffset ExpiresAt);

/// <summary>The media-artifacts read API: a meeting's artifacts, and a stored file's content (Range supported).</summary>
public static class MediaArtifactsApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapMediaArtifactsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/artifacts").RequireApiKey().WithTags("Media artifacts")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/{sessionId}", ListAsync)
            .WithSummary("One meeting's artifacts: kind, status (and why), size, SHA-256, file name, times")
            .Produces<ArtifactSummary[]>(StatusCodes.Status200OK, "application/json").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{sessionId}/{artifactId}/content", GetContentAsync)
            .WithSummary("The stored file, streamed (Range requests supported)")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        app.MapReprocessApi<MediaArtifactsClearing>(MediaArtifactsExtensions.ServiceName);
        return app;
    }

    private static async Task<IResult> ListAsync(string sessionId, MediaArtifactsStore store, CancellationToken cancellationToken)
    {
        var rows = await store.OfSessionAsync(sessionId, cancellationToken);
        if (rows.Count == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown meeting", detail: $"No artifacts for session '{sessionId}'.");
        }

        return Results.Json(rows.Select(Summary), Json);
    }

    private static async Task<IResult> GetContentAsync(
        string sessionId, string artifactId, MediaArtifactsStore store, IArtifactStore files, CancellationToken cancellationToken)
    {
        var row = Guid.TryParse(artifactId, out var id) ? await store.GetAsync(id.ToString(), cancellationToken) : null;
        if (row is null || row.SessionId != sessionId)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown artifact", detail: $"No artifact '{artifactId}' in session '{sessionId}'.");
        }

        var stream = row is { Status: ArtifactStatus.Stored, StorageKey: { } key } ? await files.OpenReadAsync(key, cancellationToken) : null;
        if (stream is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not stored", detail: $"Artifact '{artifactId}' is {row.Status}: there is no stored file.");
        }

        // The stored name is generated; the payload's fileName is offered for saving only.
        return Results.Stream(stream, row.ContentType ?? "application/octet-stream", row.FileName, enableRangeProcessing: true);
    }

    private static ArtifactSummary Summary(ArtifactRow row) => new(
        Guid.Parse(row.ArtifactId), row.Kind, row.Status, row.Reason, row.Bytes, row.Sha256, row.FileName, row.EventType,
        DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        row.StoredAt is { } storedAt ? DateTimeOffset.FromUnixTimeMilliseconds(storedAt) : null,
        DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt));
}
