namespace JaasPipeline.Transcription;

/// <summary>One phrase of a meeting's transcript, as stored: the text exactly as JaaS sent it.</summary>
public sealed record TranscriptSegment
{
    /// <summary>The phrase's row id (read by the search only): where its page cursor stands among phrases of one timestamp.</summary>
    public long Id { get; init; }

    public string SessionId { get; init; } = "";
    public string Fqn { get; init; } = "";

    /// <summary>The phrase's <c>messageID</c> (the idempotency key when a chunk came without one).</summary>
    public string MessageId { get; init; } = "";

    /// <summary>The event's timestamp: where the phrase sits in the meeting.</summary>
    public DateTimeOffset Timestamp { get; init; }

    public string? ParticipantId { get; init; }
    public string? Name { get; init; }
    public string? UserId { get; init; }
    public string? Email { get; init; }
    public string? Language { get; init; }

    /// <summary>The <c>final</c> phrase as received (leading/trailing spaces included).</summary>
    public string Text { get; init; } = "";

    /// <summary>The idempotency key of the delivery that brought the phrase first.</summary>
    public string IdempotencyKey { get; init; } = "";

    /// <summary>The text as shown: trimmed.</summary>
    public string DisplayText => Text.Trim();
}
