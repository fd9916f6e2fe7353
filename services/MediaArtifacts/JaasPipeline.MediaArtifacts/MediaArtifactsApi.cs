using System.Globalization;
using JaasPipeline.ArtifactStorage;
using JaasPipeline.ConsumerApi;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace JaasPipeline.MediaArtifacts;

/// <summary>The media-artifacts read API: the list of meetings, a meeting's artifacts (paged), and a stored file's content (Range supported).</summary>
public static class MediaArtifactsApi
{
    public static IEndpointRouteBuilder MapMediaArtifactsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/artifacts").RequireApiKey().WithTags("Media artifacts")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapMeetingListApi<MediaArtifactsStore>(MediaArtifactsExtensions.ServiceName);
        api.MapGet("/{sessionId}", ListAsync)
            .WithSummary("One meeting's artifacts in the order received, paged: kind, status (and why), size, SHA-256, file name, times")
            .Produces<ApiList<ArtifactSummary>>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).WithListQuery();
        api.MapGet("/{sessionId}/{artifactId}/content", GetContentAsync)
            .WithSummary("The stored file, streamed (Range requests supported)")
            .ProducesFile("application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        app.MapReprocessApi<MediaArtifactsClearing>(MediaArtifactsExtensions.ServiceName);
        return app;
    }

    // limit and cursor are declared (so OpenAPI lists them) and read by ListQuery.
    private static async Task<IResult> ListAsync(
        string sessionId, string? limit, string? cursor, HttpRequest request, MediaArtifactsStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var page = ListQuery.Parse(request.Query, errors);
        (long, string, int)? after = null;
        if (page.Cursor is { } text)
        {
            if (ApiCursor.TryDecode(text, 3) is [var createdAt, var linkIndex, var key]
                && ApiCursor.Number(createdAt) is { } createdAtMs && ApiCursor.Number(linkIndex) is { } index and >= 0 and <= int.MaxValue)
            {
                after = (createdAtMs, key, (int)index);
            }
            else
            {
                ListQuery.RefuseCursor(errors);
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Bad query");
        }

        var rows = await store.PageOfSessionAsync(sessionId, after, page.Limit + 1, cancellationToken);
        if (rows.Count == 0 && after is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown meeting", detail: $"No artifacts for session '{sessionId}'.");
        }

        var items = rows.Take(page.Limit).ToList();
        var next = rows.Count > page.Limit
            ? ApiCursor.Encode(
                items[^1].CreatedAt.ToString(CultureInfo.InvariantCulture), items[^1].LinkIndex.ToString(CultureInfo.InvariantCulture), items[^1].IdempotencyKey)
            : null;
        return Results.Json(new ApiList<ArtifactSummary>(items.Select(Summary).ToList(), next), ApiJson.Options);
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
