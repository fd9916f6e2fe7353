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

    /// <summary>transcript_segments.message_id NVARCHAR(400): a TRANSCRIPTION_CHUNK_RECEIVED phrase's <c>messageID</c>.</summary>
    public const int MessageId = 400;

    /// <summary>transcript_segments.language NVARCHAR(100).</summary>
    public const int Language = 100;

    /// <summary>analytics_usage_devices.customer_id, analytics_usage_users.customer_id NVARCHAR(200): a USAGE entry's tenant.</summary>
    public const int UsageCustomerId = 200;

    /// <summary>analytics_usage_devices.device_id NVARCHAR(400).</summary>
    public const int DeviceId = 400;

    /// <summary>analytics_usage_users.user_id NVARCHAR(400).</summary>
    public const int UserId = 400;

    /// <summary>analytics_call_quality.endpoint_id NVARCHAR(200): an RTCSTATS_UPLOADED participant's endpoint.</summary>
    public const int EndpointId = 200;

    /// <summary>media_artifacts.participant_name NVARCHAR(400): an RTCSTATS_UPLOADED participant's name.</summary>
    public const int ParticipantName = 400;

    /// <summary>media_artifacts.file_key, media_document_deletions.file_key NVARCHAR(400): a document's <c>fileId</c>.</summary>
    public const int FileId = 400;

    /// <summary>
    /// A document's <c>fileName</c>: media_artifacts.file_name is NVARCHAR(1000), but a document without an id is keyed
    /// by <c>name:</c> and its name in file_key NVARCHAR(400).
    /// </summary>
    public const int FileName = 395;
}
