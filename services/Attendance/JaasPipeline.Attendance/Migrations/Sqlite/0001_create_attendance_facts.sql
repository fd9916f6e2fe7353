-- One row per JaaS event the attendance service received, stored as received; reports are derived on read.
CREATE TABLE attendance_facts (
    idempotency_key   TEXT    NOT NULL PRIMARY KEY,
    session_id        TEXT    NOT NULL,
    fqn               TEXT    NOT NULL,
    occurred_at       INTEGER NOT NULL,   -- Unix ms, the event's own timestamp
    kind              TEXT    NOT NULL,   -- AttendanceFactKind
    room              TEXT    NOT NULL,   -- 'main' or the breakoutRoomId
    participant_key   TEXT    NULL,
    participant_kind  TEXT    NULL,       -- web, sip, dial
    participant_jid   TEXT    NULL,
    name              TEXT    NULL,
    email             TEXT    NULL,
    user_id           TEXT    NULL,
    moderator         INTEGER NULL,
    disconnect_reason TEXT    NULL,
    granted_by_key    TEXT    NULL
);
CREATE INDEX ix_attendance_facts_session ON attendance_facts (session_id);
CREATE INDEX ix_attendance_facts_fqn ON attendance_facts (fqn, occurred_at);
