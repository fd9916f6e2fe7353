-- Meeting completeness (docs: i23-gaps). The events the gap rules read, as much of each as the rules need: one row per
-- ROOM_CREATED/_DESTROYED, PARTICIPANT_JOINED/_LEFT, RECORDING_ENDED/_UPLOADED, TRANSCRIPTION_CHUNK_RECEIVED/_UPLOADED.
CREATE TABLE analytics_gap_events (
    idempotency_key      TEXT    NOT NULL PRIMARY KEY,
    session_id           TEXT    NOT NULL,
    event_type           TEXT    NOT NULL,
    occurred_at          INTEGER NOT NULL,            -- Unix ms, the event's own timestamp
    is_breakout          INTEGER NOT NULL DEFAULT 0,  -- ROOM_*, PARTICIPANT_*: the event was in a breakout room
    participant_id       TEXT    NULL,                -- PARTICIPANT_*: participantId, else participantJid, else the JWT id
    participant_name     TEXT    NULL,
    recording_session_id TEXT    NULL                 -- RECORDING_UPLOADED
);
CREATE INDEX ix_analytics_gap_events_session ON analytics_gap_events (session_id);

-- ArtifactLost from the media-artifacts service: a link that expired before its file was stored.
CREATE TABLE analytics_lost_artifacts (
    artifact_id     TEXT    NOT NULL PRIMARY KEY,
    session_id      TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    event_type      TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,   -- of the event that carried the link
    event_timestamp INTEGER NOT NULL,
    link_expires_at INTEGER NOT NULL,
    reason          TEXT    NOT NULL
);
CREATE INDEX ix_analytics_lost_artifacts_session ON analytics_lost_artifacts (session_id);

-- The gap worker's work list: a meeting is due (due_at <= now) when one of its events arrived or one of its windows
-- closes; version grows with each event, so an evaluation that read older evidence does not clear a newer due_at.
CREATE TABLE analytics_gap_meetings (
    session_id TEXT    NOT NULL PRIMARY KEY,
    due_at     INTEGER NULL,      -- Unix ms; NULL: nothing can change by time alone
    version    INTEGER NOT NULL
);
CREATE INDEX ix_analytics_gap_meetings_due ON analytics_gap_meetings (due_at);

-- The gaps found so far, each since the evaluation that first found it (detected_at); a gap a late event filled is deleted.
CREATE TABLE analytics_meeting_gaps (
    session_id  TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    subject     TEXT    NOT NULL,   -- which one of its kind: a participant, a recording's end, an artifact, a statistics file
    detail      TEXT    NOT NULL,   -- JSON of the evidence, as the API answers it
    detected_at INTEGER NOT NULL,   -- Unix ms
    PRIMARY KEY (session_id, kind, subject)
);
CREATE INDEX ix_analytics_meeting_gaps_detected ON analytics_meeting_gaps (detected_at);
