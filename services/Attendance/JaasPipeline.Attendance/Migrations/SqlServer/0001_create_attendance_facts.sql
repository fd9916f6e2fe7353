-- One row per JaaS event the attendance service received, stored as received; reports are derived on read.
CREATE TABLE dbo.attendance_facts (
    idempotency_key   NVARCHAR(400)  NOT NULL CONSTRAINT pk_attendance_facts PRIMARY KEY,
    session_id        NVARCHAR(400)  NOT NULL,
    fqn               NVARCHAR(800)  NOT NULL,
    occurred_at       BIGINT         NOT NULL,   -- Unix ms, the event's own timestamp
    kind              NVARCHAR(40)   NOT NULL,   -- AttendanceFactKind
    room              NVARCHAR(400)  NOT NULL,   -- 'main' or the breakoutRoomId
    participant_key   NVARCHAR(400)  NULL,
    participant_kind  NVARCHAR(20)   NULL,       -- web, sip, dial
    participant_jid   NVARCHAR(800)  NULL,
    name              NVARCHAR(MAX)  NULL,
    email             NVARCHAR(MAX)  NULL,
    user_id           NVARCHAR(MAX)  NULL,
    moderator         BIT            NULL,
    disconnect_reason NVARCHAR(100)  NULL,
    granted_by_key    NVARCHAR(800)  NULL
);
GO
CREATE INDEX ix_attendance_facts_session ON dbo.attendance_facts (session_id);
GO
CREATE INDEX ix_attendance_facts_fqn ON dbo.attendance_facts (fqn, occurred_at);
