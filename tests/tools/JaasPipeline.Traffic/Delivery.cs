namespace JaasPipeline.Traffic;

/// <summary>One webhook delivery as JaaS would send it: the raw body and what the benchmark needs to follow it.</summary>
public sealed record Delivery(string IdempotencyKey, string EventType, byte[] Body)
{
    /// <summary>
    /// The event types of a simulated meeting that the attendance service keeps as facts (one row each): rooms,
    /// presence, lobby, phone calls.
    /// </summary>
    public static readonly IReadOnlySet<string> AttendanceTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "ROOM_CREATED", "ROOM_DESTROYED", "PARTICIPANT_JOINED", "PARTICIPANT_LEFT", "PARTICIPANT_JOINED_LOBBY", "PARTICIPANT_LEFT_LOBBY",
        "DIAL_IN_STARTED", "DIAL_IN_ENDED",
    };

    public bool IsAttendanceFact => AttendanceTypes.Contains(EventType);
}
