-- Engagement facts (SPEAKER_STATS, REACTIONS, AGGREGATED_REACTIONS, POLL_CREATED, POLL_ANSWER, FEEDBACK,
-- RECORDING_/LIVE_STREAM_ STARTED/ENDED): one row per event, its payload as received; figures are derived on read.
CREATE TABLE analytics_facts (
    idempotency_key TEXT    NOT NULL PRIMARY KEY,
    session_id      TEXT    NOT NULL,
    kind            TEXT    NOT NULL,   -- the eventType
    occurred_at     INTEGER NOT NULL,   -- Unix ms, the event's own timestamp
    payload         TEXT    NOT NULL    -- the event as received (JSON of its contract record)
);
CREATE INDEX ix_analytics_facts_session ON analytics_facts (session_id);

-- USAGE: one row per device / user seen in a customer's calendar month (UTC); counts are COUNT(*).
CREATE TABLE analytics_usage_devices (
    customer_id TEXT NOT NULL,
    month       TEXT NOT NULL,   -- YYYY-MM
    device_id   TEXT NOT NULL,
    PRIMARY KEY (customer_id, month, device_id)
);
CREATE TABLE analytics_usage_users (
    customer_id TEXT NOT NULL,
    month       TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    PRIMARY KEY (customer_id, month, user_id)
);

-- One row per statistics file (RTCSTATS_UPLOADED, stored by media-artifacts): pending until the quality worker
-- has read the file, then its summary.
CREATE TABLE analytics_call_quality (
    idempotency_key     TEXT    NOT NULL PRIMARY KEY,   -- of the RTCSTATS_UPLOADED event
    artifact_id         TEXT    NOT NULL,
    session_id          TEXT    NOT NULL,
    storage_path        TEXT    NOT NULL,
    sha256              TEXT    NOT NULL,
    participant_id      TEXT    NULL,
    participant_name    TEXT    NULL,
    endpoint_id         TEXT    NULL,
    received_at         INTEGER NOT NULL,               -- Unix ms
    status              TEXT    NOT NULL,               -- pending, done, missing, failed
    attempts            INTEGER NOT NULL DEFAULT 0,
    summarized_at       INTEGER NULL,
    rtt_ms_mean         REAL    NULL,
    rtt_ms_p95          REAL    NULL,
    jitter_ms_mean      REAL    NULL,
    packet_loss_percent REAL    NULL,
    inbound_kbps        REAL    NULL,
    outbound_kbps       REAL    NULL,
    duration_seconds    REAL    NULL,
    ice_reconnects      INTEGER NOT NULL DEFAULT 0,
    ice_failed          INTEGER NOT NULL DEFAULT 0,
    malformed_lines     INTEGER NOT NULL DEFAULT 0,
    error               TEXT    NULL
);
CREATE INDEX ix_analytics_call_quality_session ON analytics_call_quality (session_id);
CREATE INDEX ix_analytics_call_quality_status ON analytics_call_quality (status, received_at);
