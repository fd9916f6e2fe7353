using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace JaasPipeline.Contracts;

/// <summary>Turns a JaaS webhook body into its typed <see cref="JaasEvent"/>, or names every field that is wrong.</summary>
/// <remarks>
/// Strict about the envelope (without it a delivery can be neither deduplicated nor placed in time), lenient about
/// <c>data</c>: unknown members are ignored and a mistyped optional member reads as missing.
/// </remarks>
public static class JaasEventParser
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Parses a webhook body given as text.</summary>
    public static JaasParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Parses a webhook body given as the UTF-8 bytes received.</summary>
    public static JaasParseResult Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.StartsWith(Utf8Bom))
        {
            utf8Json = utf8Json[Utf8Bom.Length..];
        }

        // JsonDocument leaves the bytes inside strings unchecked, and reading such a string later throws.
        if (!Utf8.IsValid(utf8Json))
        {
            return Rejected("$", "body is not valid JSON: it is not valid UTF-8 (RFC 8259 section 8.1)");
        }

        JsonDocument document;
        try
        {
            // JsonDocument holds on to its input, which a span cannot be; hence the copy.
            document = JsonDocument.Parse(utf8Json.ToArray());
        }
        catch (JsonException exception)
        {
            return Rejected("$", $"body is not valid JSON: {exception.Message}");
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    /// <summary>Whether <paramref name="eventType"/> (compared exactly, as sent) has a typed record.</summary>
    public static bool IsKnownEventType(string eventType) => JaasEventCatalog.Entries.ContainsKey(eventType);

    private static JaasParseResult Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Rejected("$", "body must be a JSON object");
        }

        // Every problem is collected, not just the first, so one rejected delivery tells the whole story.
        var errors = new List<JaasFieldError>();
        var idempotencyKey = RequiredString(body, "idempotencyKey", errors);
        var eventType = RequiredString(body, "eventType", errors);
        var sessionId = RequiredString(body, "sessionId", errors);
        var fqn = RequiredString(body, "fqn", errors);
        var timestamp = RequiredUnixMs(body, "timestamp", errors);

        // A missing and a null data both read as "no data": every field of the record keeps its default.
        var data = body.Member("data");
        var entry = eventType is null ? null : JaasEventCatalog.Entries.GetValueOrDefault(eventType);
        if (entry is not null && data.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null) && data.ValueKind != entry.DataKind)
        {
            errors.Add(new("data", $"must be a JSON {(entry.DataKind == JsonValueKind.Array ? "array" : "object")} for {eventType}"));
        }

        if (errors.Count > 0)
        {
            return new JaasParseResult(null, errors);
        }

        // NOTES.md: the event list is not closed, so an eventType we do not know is kept raw rather than refused.
        var jaasEvent = entry is null
            ? new UnknownJaasEvent { DataJson = data.ValueKind == JsonValueKind.Undefined ? "null" : data.GetRawText() }
            : entry.Read(data.ValueKind == JsonValueKind.Null ? default : data);

        return new JaasParseResult(
            jaasEvent with
            {
                IdempotencyKey = idempotencyKey!,
                CustomerId = body.String("customerId"),
                AppId = body.String("appId"),
                EventType = eventType!,
                SessionId = sessionId!,
                Timestamp = timestamp!.Value,
                Fqn = fqn!,
            },
            []);
    }

    private static string? RequiredString(JsonElement body, string name, List<JaasFieldError> errors)
    {
        var value = body.Member(name);
        if (value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString();
        }

        errors.Add(new(name, IsAbsent(value) ? "is required" : "must be a non-empty string"));
        return null;
    }

    private static DateTimeOffset? RequiredUnixMs(JsonElement body, string name, List<JaasFieldError> errors)
    {
        var value = body.Member(name);
        if (value.AsUnixMs() is { } timestamp)
        {
            return timestamp;
        }

        errors.Add(new(name, IsAbsent(value) ? "is required" : "must be a Unix time in milliseconds (integer)"));
        return null;
    }

    private static bool IsAbsent(JsonElement value) => value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    private static JaasParseResult Rejected(string field, string problem) => new(null, [new JaasFieldError(field, problem)]);
}
