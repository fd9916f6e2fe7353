-- Engagement facts (SPEAKER_STATS, REACTIONS, AGGREGATED_REACTIONS, POLL_CREATED, POLL_ANSWER, FEEDBACK,
-- RECORDING_/LIVE_STREAM_ STARTED/ENDED): one row per event, its payload as received; figures are derived on read.
-- Keys compare byte for byte (BIN2), as JaaS sends them.
CREATE TABLE dbo.analytics_facts (
    idempotency_key NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_analytics_facts PRIMARY KEY,
    session_id      NVARCHAR(400) NOT NULL,
    kind            NVARCHAR(60)  NOT NULL,
    occurred_at     BIGINT        NOT NULL,
    payload         NVARCHAR(MAX) NOT NULL
);
GO
CREATE INDEX ix_analytics_facts_session ON dbo.analytics_facts (session_id);
GO
-- USAGE: one row per device / user seen in a customer's calendar month (UTC); counts are COUNT(*).
CREATE TABLE dbo.analytics_usage_devices (
    customer_id NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    month       CHAR(7)       NOT NULL,
    device_id   NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    CONSTRAINT pk_analytics_usage_devices PRIMARY KEY (customer_id, month, device_id)
);
GO
CREATE TABLE dbo.analytics_usage_users (
    customer_id NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
    month       CHAR(7)       NOT NULL,
    user_id     NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    CONSTRAINT pk_analytics_usage_users PRIMARY KEY (customer_id, month, user_id)
);
GO
-- One row per statistics file (RTCSTATS_UPLOADED, stored by media-artifacts): pending until the quality worker
-- has read the file, then its summary.
CREATE TABLE dbo.analytics_call_quality (
    idempotency_key     NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_analytics_call_quality PRIMARY KEY,
    artifact_id         UNIQUEIDENTIFIER NOT NULL,
    session_id          NVARCHAR(400) NOT NULL,
    storage_path        NVARCHAR(1000) NOT NULL,
    sha256              CHAR(64)      NOT NULL,
    participant_id      NVARCHAR(400) NULL,
    participant_name    NVARCHAR(MAX) NULL,
    endpoint_id         NVARCHAR(200) NULL,
    received_at         BIGINT        NOT NULL,
    status              NVARCHAR(20)  NOT NULL,
    attempts            INT           NOT NULL CONSTRAINT df_analytics_call_quality_attempts DEFAULT 0,
    summarized_at       BIGINT        NULL,
    rtt_ms_mean         FLOAT         NULL,
    rtt_ms_p95          FLOAT         NULL,
    jitter_ms_mean      FLOAT         NULL,
    packet_loss_percent FLOAT         NULL,
    inbound_kbps        FLOAT         NULL,
    outbound_kbps       FLOAT         NULL,
    duration_seconds    FLOAT         NULL,
    ice_reconnects      INT           NOT NULL CONSTRAINT df_analytics_call_quality_reconnects DEFAULT 0,
    ice_failed          BIT           NOT NULL CONSTRAINT df_analytics_call_quality_failed DEFAULT 0,
    malformed_lines     INT           NOT NULL CONSTRAINT df_analytics_call_quality_malformed DEFAULT 0,
    error               NVARCHAR(MAX) NULL
);
GO
CREATE INDEX ix_analytics_call_quality_session ON dbo.analytics_call_quality (session_id);
GO
CREATE INDEX ix_analytics_call_quality_status ON dbo.analytics_call_quality (status, received_at);
