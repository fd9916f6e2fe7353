-- Meeting completeness (docs: i23-gaps). The events the gap rules read, as much of each as the rules need: one row per
-- ROOM_CREATED/_DESTROYED, PARTICIPANT_JOINED/_LEFT, RECORDING_ENDED/_UPLOADED, TRANSCRIPTION_CHUNK_RECEIVED/_UPLOADED.
-- Keys and meeting ids compare byte for byte (BIN2), as JaaS sends them.
CREATE TABLE dbo.analytics_gap_events (
    idempotency_key      NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_analytics_gap_events PRIMARY KEY,
    session_id           NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    event_type           NVARCHAR(200) NOT NULL,
    occurred_at          BIGINT        NOT NULL,
    is_breakout          BIT           NOT NULL CONSTRAINT df_analytics_gap_events_breakout DEFAULT 0,
    participant_id       NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NULL,
    participant_name     NVARCHAR(400) NULL,
    recording_session_id NVARCHAR(MAX) NULL   -- no JaaS field limit bounds it; compared in memory, never looked up
);
GO
CREATE INDEX ix_analytics_gap_events_session ON dbo.analytics_gap_events (session_id);
GO
-- ArtifactLost from the media-artifacts service: a link that expired before its file was stored.
CREATE TABLE dbo.analytics_lost_artifacts (
    artifact_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_analytics_lost_artifacts PRIMARY KEY,
    session_id      NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    kind            NVARCHAR(40)  NOT NULL,
    event_type      NVARCHAR(200) NOT NULL,
    idempotency_key NVARCHAR(400) NOT NULL,
    event_timestamp BIGINT        NOT NULL,
    link_expires_at BIGINT        NOT NULL,
    reason          NVARCHAR(MAX) NOT NULL
);
GO
CREATE INDEX ix_analytics_lost_artifacts_session ON dbo.analytics_lost_artifacts (session_id);
GO
-- The gap worker's work list: a meeting is due (due_at <= now) when one of its events arrived or one of its windows
-- closes; version grows with each event, so an evaluation that read older evidence does not clear a newer due_at.
CREATE TABLE dbo.analytics_gap_meetings (
    session_id NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_analytics_gap_meetings PRIMARY KEY,
    due_at     BIGINT NULL,
    version    BIGINT NOT NULL
);
GO
CREATE INDEX ix_analytics_gap_meetings_due ON dbo.analytics_gap_meetings (due_at);
GO
-- The gaps found so far, each since the evaluation that first found it (detected_at); a gap a late event filled is
-- deleted. The key is 800 + 80 + 800 bytes: over the 900 of a clustered key, within the 1,700 of a nonclustered one.
CREATE TABLE dbo.analytics_meeting_gaps (
    session_id  NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    kind        NVARCHAR(40)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    subject     NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    detail      NVARCHAR(MAX) NOT NULL,
    detected_at BIGINT        NOT NULL,
    CONSTRAINT pk_analytics_meeting_gaps PRIMARY KEY NONCLUSTERED (session_id, kind, subject)
);
GO
CREATE INDEX ix_analytics_meeting_gaps_detected ON dbo.analytics_meeting_gaps (detected_at);
