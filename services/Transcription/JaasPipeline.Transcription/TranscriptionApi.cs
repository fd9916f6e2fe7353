using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using JaasPipeline.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace JaasPipeline.Transcription;

/// <summary>The transcription read API: one meeting's transcript (JSON, text, WebVTT) and the search across meetings.</summary>
public static class TranscriptionApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    // Letters of every script stay readable in the JSON; HTML-significant characters are still escaped.
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static IEndpointRouteBuilder MapTranscriptionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/transcripts").RequireApiKey().WithTags("Transcription")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        // The literal "search" is more specific than "{sessionId}", so it wins (a meeting called "search" is not reachable).
        api.MapGet("/search", SearchAsync)
            .WithSummary("Phrases containing q across meetings, optionally of one fqn and in [from, to], newest first, paged")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesValidationProblem();
        api.MapGet("/{sessionId}", GetTranscriptAsync)
            .WithSummary("One meeting's transcript in spoken order: JSON, or format=text, or format=vtt (WebVTT)")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/plain")
            .Produces(StatusCodes.Status200OK, contentType: "text/vtt")
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
            _ => Results.Json(new
            {
                transcript.SessionId,
                transcript.Fqn,
                Segments = transcript.Segments.Select(Segment),
                Files = transcript.Files.Select(file => new
                {
                    file.ArtifactId, file.StoragePath, file.Sha256, file.Bytes, file.FileName, file.ContentType,
                    EventTimestamp = Iso(file.EventTimestamp), StoredAt = Iso(file.StoredAt),
                }),
            }, JsonOptions),
        };
    }

    private static async Task<IResult> SearchAsync(
        string? q, string? fqn, string? from, string? to, string? page, string? pageSize, TranscriptStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["is required: the words to find"];
        }

        var fromTime = ApiTime.Parse(from, "from", errors);
        var toTime = ApiTime.Parse(to, "to", errors);
        var pageNumber = ParseInt(page, "page", 1, 1, 100_000, errors);
        var size = ParseInt(pageSize, "pageSize", DefaultPageSize, 1, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Bad query");
        }

        // One more than asked tells whether another page exists.
        var hits = await store.SearchAsync(
            new TranscriptSearch(q!.Trim(), string.IsNullOrEmpty(fqn) ? null : fqn, fromTime, toTime, (pageNumber - 1) * size, size + 1),
            cancellationToken);
        return Results.Json(new
        {
            Page = pageNumber,
            PageSize = size,
            HasMore = hits.Count > size,
            Results = hits.Take(size).Select(hit => new
            {
                hit.SessionId, hit.Fqn, hit.MessageId, Timestamp = Iso(hit.Timestamp), hit.ParticipantId, hit.Name, hit.Language,
                Text = hit.DisplayText,
            }),
        }, JsonOptions);
    }

    private static object Segment(TranscriptSegment segment) => new
    {
        segment.MessageId, Timestamp = Iso(segment.Timestamp), segment.ParticipantId, segment.Name, segment.UserId, segment.Email,
        segment.Language, Text = segment.DisplayText,
    };

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static int ParseInt(string? value, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        errors[name] = [$"must be a whole number from {min} to {max}"];
        return fallback;
    }
}
