namespace JaasPipeline.Contracts;

/// <summary>
/// The longest value each stored text field may have, in UTF-16 code units: the width of the narrowest column
/// (ingress outbox, attendance, analytics) that keeps it. A longer value is refused at the door, naming the field,
/// rather than failing a database write later (and, in a group commit, every delivery that shares it).
/// </summary>
public static class JaasFieldLimits
{
    /// <summary>outbox_deliveries.idempotency_key NVARCHAR(400): an index key, bounded by SQL Server's key size.</summary>
    public const int IdempotencyKey = 400;

    /// <summary>outbox_deliveries.event_type, analytics_event_journal.event_type NVARCHAR(200).</summary>
    public const int EventType = 200;

    /// <summary>outbox_deliveries.session_id, attendance_facts.session_id NVARCHAR(400).</summary>
    public const int SessionId = 400;

    /// <summary>attendance_facts.fqn, analytics_event_journal.fqn NVARCHAR(800).</summary>
    public const int Fqn = 800;

    /// <summary>attendance_facts.disconnect_reason NVARCHAR(100).</summary>
    public const int DisconnectReason = 100;

    /// <summary>attendance_facts.room NVARCHAR(400) (a breakout room's id).</summary>
    public const int BreakoutRoomId = 400;

    /// <summary>attendance_facts.participant_key NVARCHAR(400), which holds a participant id or a bare JID.</summary>
    public const int ParticipantId = 400;

    /// <summary>attendance_facts.participant_key NVARCHAR(400) when a participant has no id: its bare JID.</summary>
    public const int ParticipantJid = 400;
}
