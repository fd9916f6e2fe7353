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

    /// <summary>Parses a webhook body given as the UTF-8 bytes received, however many items its <c>data</c> holds.</summary>
    /// <remarks>Unbounded on purpose: the relay parses again what the ingress accepted under its own bound.</remarks>
    public static JaasParseResult Parse(ReadOnlySpan<byte> utf8Json) => Parse(utf8Json, int.MaxValue);

    /// <summary>
    /// Parses a webhook body given as the UTF-8 bytes received; a <c>data</c> holding more than
    /// <paramref name="maxDataItems"/> values (array items and member values, at any depth), or a body with more values
    /// than that (at least 1,000) outside it, is refused before the body is indexed or any record built.
    /// </summary>
    public static JaasParseResult Parse(ReadOnlySpan<byte> utf8Json, int maxDataItems)
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

        // JsonDocument holds on to its input, which a span cannot be; hence the copy, which may also be repaired.
        var copy = utf8Json.ToArray();
        var repaired = LoneSurrogates.Repair(copy);
        // One delivery must not cost unbounded memory: 300,000 empty USAGE entries in 0.9 MB took 400 MB of RSS.
        if (maxDataItems < int.MaxValue && CheckValueCount(copy, maxDataItems) is { } tooMany)
        {
            return new JaasParseResult(null, [tooMany]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(copy);
        }
        catch (JsonException exception)
        {
            return Rejected("$", $"body is not valid JSON: {exception.Message}");
        }

        using (document)
        {
            // Only a repaired body differs from what was received: then identities are read from the bytes as received.
            return Parse(document.RootElement, new SentBody(copy, repaired ? utf8Json.ToArray() : copy));
        }
    }

    /// <summary>Whether <paramref name="eventType"/> (compared exactly, as sent) has a typed record.</summary>
    public static bool IsKnownEventType(string eventType) => JaasEventCatalog.Entries.ContainsKey(eventType);

    private static JaasParseResult Parse(JsonElement body, SentBody sent)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Rejected("$", "body must be a JSON object");
        }

        // Every problem is collected, not just the first, so one rejected delivery tells the whole story.
        var errors = new List<JaasFieldError>();
        var idempotencyKey = RequiredString(body, "idempotencyKey", JaasFieldLimits.IdempotencyKey, errors, sent);
        var eventType = RequiredString(body, "eventType", JaasFieldLimits.EventType, errors);
        var sessionId = RequiredString(body, "sessionId", JaasFieldLimits.SessionId, errors, sent);
        var fqn = RequiredString(body, "fqn", JaasFieldLimits.Fqn, errors);
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

        // docs/jaas-reference.md, Delivery: the event list is not closed, so an eventType we do not know is kept raw rather than refused.
        var jaasEvent = entry is null
            ? new UnknownJaasEvent { DataJson = data.ValueKind == JsonValueKind.Undefined ? "null" : data.GetRawText() }
            : entry.Read(data.ValueKind == JsonValueKind.Null ? default : data);

        jaasEvent = jaasEvent with
        {
            IdempotencyKey = idempotencyKey!,
            CustomerId = body.String("customerId"),
            AppId = body.String("appId"),
            EventType = eventType!,
            SessionId = sessionId!,
            Timestamp = timestamp!.Value,
            Fqn = fqn!,
        };
        CheckDataLengths(jaasEvent, errors);
        return errors.Count > 0 ? new JaasParseResult(null, errors) : new JaasParseResult(jaasEvent, []);
    }

    // The data fields a consumer stores in a bounded column (JaasFieldLimits).
    private static void CheckDataLengths(JaasEvent jaasEvent, List<JaasFieldError> errors)
    {
        switch (jaasEvent)
        {
            case ParticipantEvent participant:
                CheckLength("data.participantId", participant.ParticipantId, JaasFieldLimits.ParticipantId, errors);
                CheckLength("data.participantJid", participant.ParticipantJid, JaasFieldLimits.ParticipantJid, errors);
                CheckLength("data.breakoutRoomId", participant.BreakoutRoomId, JaasFieldLimits.BreakoutRoomId, errors);
                CheckLength("data.disconnectReason", participant switch
                {
                    ParticipantLeft left => left.DisconnectReason,
                    ParticipantLeftLobby leftLobby => leftLobby.DisconnectReason,
                    _ => null,
                }, JaasFieldLimits.DisconnectReason, errors);
                break;
            case RoomCreated created:
                CheckLength("data.breakoutRoomId", created.BreakoutRoomId, JaasFieldLimits.BreakoutRoomId, errors);
                break;
            case RoomDestroyed destroyed:
                CheckLength("data.breakoutRoomId", destroyed.BreakoutRoomId, JaasFieldLimits.BreakoutRoomId, errors);
                break;
            case RoleChanged changed:
                CheckLength("data.grantedBy.participantJid", changed.GrantedBy?.ParticipantJid, JaasFieldLimits.ParticipantJid, errors);
                CheckLength("data.grantedTo.participantJid", changed.GrantedTo?.ParticipantJid, JaasFieldLimits.ParticipantJid, errors);
                break;
            case SipCallInStarted call: CheckPhoneCall(call.ParticipantId, call.ParticipantJid, errors); break;
            case SipCallInEnded call: CheckPhoneCall(call.ParticipantId, call.ParticipantJid, errors); break;
            case SipCallOutStarted call: CheckPhoneCall(call.ParticipantId, call.ParticipantJid, errors); break;
            case SipCallOutEnded call: CheckPhoneCall(call.ParticipantId, call.ParticipantJid, errors); break;
            case DialInStarted call: CheckPhoneCall(call.ParticipantId, call.ParticipantJid, errors); break;
            case DialInEnded call: CheckPhoneCall(call.ParticipantId, call.ParticipantJid, errors); break;
            case DialOutStarted call: CheckPhoneCall(call.ParticipantId, call.ParticipantJid, errors); break;
            case DialOutEnded call: CheckPhoneCall(call.ParticipantId, call.ParticipantJid, errors); break;
            case TranscriptionChunkReceived chunk:
                CheckLength("data.messageID", chunk.MessageId, JaasFieldLimits.MessageId, errors);
                CheckLength("data.language", chunk.Language, JaasFieldLimits.Language, errors);
                CheckLength("data.participant.id", chunk.Participant?.ParticipantId, JaasFieldLimits.ParticipantId, errors);
                break;
            case UsageReported usage:
                // Field names without an index: an entry's position among the objects of data is not where it was sent.
                foreach (var entry in usage.Entries)
                {
                    CheckLength("data[].customerId", entry.CustomerId, JaasFieldLimits.UsageCustomerId, errors);
                    CheckLength("data[].deviceId", entry.DeviceId, JaasFieldLimits.DeviceId, errors);
                    CheckLength("data[].userId", entry.UserId, JaasFieldLimits.UserId, errors);
                }

                break;
            case RtcStatsUploaded stats:
                CheckLength("data.participantId", stats.ParticipantId, JaasFieldLimits.ParticipantId, errors);
                CheckLength("data.participantName", stats.ParticipantName, JaasFieldLimits.ParticipantName, errors);
                CheckLength("data.endpointId", stats.EndpointId, JaasFieldLimits.EndpointId, errors);
                break;
            case DocumentAdded document:
                CheckLength("data.fileId", document.FileId, JaasFieldLimits.FileId, errors);
                CheckLength("data.fileName", document.FileName, JaasFieldLimits.FileName, errors);
                break;
            case DocumentDeleted document:
                CheckLength("data.fileId", document.FileId, JaasFieldLimits.FileId, errors);
                CheckLength("data.fileName", document.FileName, JaasFieldLimits.FileName, errors);
                break;
        }
    }

    // SIP and dial-in/out calls: attendance keeps the caller like a participant (participant_key).
    private static void CheckPhoneCall(string? participantId, string? participantJid, List<JaasFieldError> errors)
    {
        CheckLength("data.participantId", participantId, JaasFieldLimits.ParticipantId, errors);
        CheckLength("data.participantJid", participantJid, JaasFieldLimits.ParticipantJid, errors);
    }

    private static void CheckLength(string field, string? value, int max, List<JaasFieldError> errors)
    {
        // Once per field: every entry of a USAGE list is checked under one name.
        if (value is { Length: var length } && length > max && !errors.Exists(error => error.Field == field))
        {
            errors.Add(new(field, $"must be at most {max} characters"));
        }
    }

    // Counts the values below `data` (array items and member values, at any depth) and the values outside it, with a
    // forward-only reader that allocates nothing: JsonDocument's own index of a body costs 12 bytes a value, kept in
    // pooled arrays, so a 0.9 MB body of 300,000 empty entries must be refused before it is built. Null when within
    // bounds or not JSON at all (the parse proper says what is wrong then).
    private static JaasFieldError? CheckValueCount(ReadOnlySpan<byte> json, int max)
    {
        var reader = new Utf8JsonReader(json);
        long inData = 0, outside = 0;
        // The envelope itself has about ten values; a small bound for data must not refuse it.
        var maxOutside = Math.Max(max, 1_000);
        var dataDepth = -1;
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (dataDepth < 0 && token == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("data"u8))
                {
                    if (reader.Read() && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        dataDepth = reader.CurrentDepth;
                    }

                    continue;
                }

                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    if (reader.CurrentDepth == dataDepth)
                    {
                        dataDepth = -1;
                    }

                    continue;
                }

                if (token is JsonTokenType.PropertyName or JsonTokenType.Comment or JsonTokenType.None)
                {
                    continue;
                }

                if (dataDepth >= 0 ? ++inData > max : ++outside > maxOutside)
                {
                    return dataDepth >= 0
                        ? new("data", $"holds more than {max} values (array items and member values)")
                        : new("$", $"body holds more than {maxOutside} values outside data");
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    // Given the body as sent, an identity: its text keeps distinct lone surrogates distinct (LoneSurrogates.DistinctText).
    private static string? RequiredString(JsonElement body, string name, int maxLength, List<JaasFieldError> errors, SentBody? identityFrom = null)
    {
        var value = body.Member(name);
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text))
        {
            if (identityFrom is { } sent && (sent.Repaired || text.Contains('\uFFFD', StringComparison.Ordinal)))
            {
                text = sent.DistinctText(value);
            }

            if (text.Length > maxLength)
            {
                errors.Add(new(name, $"must be at most {maxLength} characters"));
                return null;
            }

            return text;
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
