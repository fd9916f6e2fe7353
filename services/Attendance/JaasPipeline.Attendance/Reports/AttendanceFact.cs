namespace JaasPipeline.Attendance.Reports;

/// <summary>
/// One received JaaS event, flattened to what the attendance report reads: one row of one table, primitive columns
/// only. The report is derived from these rows on read (<see cref="AttendanceReportBuilder"/>), so a row is stored
/// as received and never updated.
/// </summary>
public sealed record AttendanceFact
{
    /// <summary>The <see cref="Room"/> of facts about the main conference; breakout rooms use their breakoutRoomId.</summary>
    public const string MainRoom = "main";

    /// <summary>The delivery's idempotencyKey; a repeated delivery has the same key and the same content (docs/jaas-reference.md, Delivery).</summary>
    public required string IdempotencyKey { get; init; }

    public required string SessionId { get; init; }

    public required string Fqn { get; init; }

    /// <summary>The event's <c>timestamp</c> (Unix ms), the source of truth for when it happened, not when it arrived.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    public required AttendanceFactKind Kind { get; init; }

    /// <summary><see cref="MainRoom"/> or the breakoutRoomId; for room facts, the room created or destroyed.</summary>
    public required string Room { get; init; }

    /// <summary>The participantId, else the bare participant JID; for ModeratorGranted the bare JID of grantedTo; null for room facts.</summary>
    public string? ParticipantKey { get; init; }

    /// <summary>One of <see cref="ParticipantKinds"/>; null for room facts and grants.</summary>
    public string? ParticipantKind { get; init; }

    /// <summary>As received (the name, or the nick of a SIP/dial call).</summary>
    public string? Name { get; init; }

    /// <summary>As received.</summary>
    public string? Email { get; init; }

    /// <summary>The JWT userId (sent as <c>id</c>), as received.</summary>
    public string? UserId { get; init; }

    public bool? Moderator { get; init; }

    /// <summary>As sent on PARTICIPANT_LEFT(_LOBBY): left, kicked, unknown, switch_room or unrecoverable_error.</summary>
    public string? DisconnectReason { get; init; }

    /// <summary>For ModeratorGranted: the bare JID of the participant who gave the rights.</summary>
    public string? GrantedByKey { get; init; }

    /// <summary>
    /// The participant's bare JID. ROLE_CHANGED carries JIDs only, so this is what ties a grant to a participant
    /// whose key is a participantId.
    /// </summary>
    public string? ParticipantJid { get; init; }

    /// <summary>The bare JID (the part before '/', without the XMPP resource); null for null or empty input.</summary>
    public static string? BareJid(string? jid)
    {
        if (string.IsNullOrEmpty(jid))
        {
            return null;
        }

        var slash = jid.IndexOf('/', StringComparison.Ordinal);
        return slash switch
        {
            < 0 => jid,
            0 => null,
            _ => jid[..slash],
        };
    }
}
