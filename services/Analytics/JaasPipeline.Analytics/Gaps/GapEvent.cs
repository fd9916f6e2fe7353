namespace JaasPipeline.Analytics.Gaps;

/// <summary>One event the gap rules read, as its <c>analytics_event_journal</c> row keeps it (init properties: Dapper maps SQLite's INTEGER and SQL Server's BIT alike).</summary>
public sealed record GapEvent
{
    public string IdempotencyKey { get; init; } = "";

    public string EventType { get; init; } = "";

    /// <summary>The event's own timestamp, Unix ms.</summary>
    public long OccurredAt { get; init; }

    public bool IsBreakout { get; init; }

    /// <summary>PARTICIPANT_*: participantId, else participantJid, else the JWT id.</summary>
    public string? ParticipantId { get; init; }

    public string? ParticipantName { get; init; }

    /// <summary>RECORDING_UPLOADED: the recording session it uploads.</summary>
    public string? RecordingSessionId { get; init; }
}
