using System.Globalization;
using JaasPipeline.ConsumerApi;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace JaasPipeline.Transcription;

/// <summary>The transcription read API: the list of meetings, one meeting's transcript (JSON, text, WebVTT) and the search across meetings.</summary>
public static class TranscriptionApi
{
    public static IEndpointRouteBuilder MapTranscriptionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/transcripts").RequireApiKey().WithTags("Transcription")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapMeetingListApi<TranscriptStore>(TranscriptionExtensions.ServiceName);
        // The literal "search" is more specific than "{sessionId}", so it wins (a meeting called "search" is not reachable).
        api.MapGet("/search", SearchAsync)
            .WithSummary("Phrases containing q across meetings, optionally of one fqn and with a timestamp in [from, to], newest first, paged")
            .WithRequiredQuery("q").WithListQuery()
            .Produces<ApiList<TranscriptSearchHit>>(StatusCodes.Status200OK, "application/json").ProducesValidationProblem();
        api.MapGet("/{sessionId}", GetTranscriptAsync)
            .WithSummary("One meeting's transcript in spoken order: JSON, or format=text, or format=vtt (WebVTT)")
            .Produces<TranscriptDocument>(StatusCodes.Status200OK, "application/json")
            .ProducesText("text/plain").ProducesText("text/vtt")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        app.MapReprocessApi<TranscriptStore>(TranscriptionExtensions.ServiceName);
        return app;
    }

    private static async Task<IResult> GetTranscriptAsync(string sessionId, string? format, TranscriptStore store, CancellationToken cancellationToken)
    {
        format = format?.ToLowerInvariant();
        if (format is not (null or "" or "json" or "text" or "vtt"))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["must be json, text or vtt"] }, title: "Bad query");
        }

        if (await store.TranscriptAsync(sessionId, cancellationToken) is not { } transcript)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown meeting",
                detail: $"No transcript for session '{sessionId}'.");
        }

        return format switch
        {
            "text" => Results.Text(TranscriptText.Write(transcript), "text/plain; charset=utf-8"),
            "vtt" => Results.Text(TranscriptWebVtt.Write(transcript), TranscriptWebVtt.ContentType),
            _ => Results.Json(
                new TranscriptDocument(
                    transcript.SessionId, transcript.Fqn, transcript.Segments.Select(TranscriptPhrase.From).ToList(),
                    transcript.Files.Select(TranscriptFileSummary.From).ToList()),
                ApiJson.Options),
        };
    }

    // limit and cursor are declared (so OpenAPI lists them) and read by ListQuery.
    private static async Task<IResult> SearchAsync(
        string? q, string? fqn, string? from, string? to, string? limit, string? cursor, HttpRequest request, TranscriptStore store,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["is required: the words to find"];
        }
        else if (q.Any(char.IsControl))
        {
            // No transcript phrase is searched for with one, and NUL ends an FTS5 query string early (a 500 before).
            errors["q"] = ["must not contain control characters"];
        }

        var fromTime = ApiTime.Parse(from, "from", errors);
        var toTime = ApiTime.Parse(to, "to", errors);
        var page = ListQuery.Parse(request.Query, errors);
        (long, long)? after = null;
        if (page.Cursor is { } text)
        {
            if (ApiCursor.TryDecode(text, 2) is [var timestamp, var id] && ApiCursor.Number(timestamp) is { } at && ApiCursor.Number(id) is { } rowId)
            {
                after = (at, rowId);
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

        // One more than asked tells whether another page exists.
        var hits = await store.SearchAsync(
            new TranscriptSearch(q!.Trim(), string.IsNullOrEmpty(fqn) ? null : fqn, fromTime, toTime, after, page.Limit + 1),
            cancellationToken);
        var items = hits.Take(page.Limit).ToList();
        var next = hits.Count > page.Limit
            ? ApiCursor.Encode(
                items[^1].Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), items[^1].Id.ToString(CultureInfo.InvariantCulture))
            : null;
        return Results.Json(new ApiList<TranscriptSearchHit>(items.Select(TranscriptSearchHit.From).ToList(), next), ApiJson.Options);
    }
}
