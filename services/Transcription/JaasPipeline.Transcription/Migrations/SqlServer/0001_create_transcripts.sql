-- One row per transcription phrase (TRANSCRIPTION_CHUNK_RECEIVED), the text as received. A phrase is its messageID
-- within the meeting: the same phrase re-sent under a new idempotency key is stored once. Ids compare byte for byte
-- (BIN2), as JaaS sends them; BIN2 also orders message ids as SQLite does.
CREATE TABLE dbo.transcript_segments (
    id               BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_transcript_segments PRIMARY KEY,
    session_id       NVARCHAR(400)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    fqn              NVARCHAR(800)  NOT NULL,
    message_id       NVARCHAR(400)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    occurred_at      BIGINT         NOT NULL,   -- Unix ms, the event's own timestamp
    participant_id   NVARCHAR(400)  NULL,
    name             NVARCHAR(MAX)  NULL,
    user_id          NVARCHAR(MAX)  NULL,
    email            NVARCHAR(MAX)  NULL,
    language         NVARCHAR(100)  NULL,
    phrase           NVARCHAR(MAX)  NOT NULL,   -- `final` exactly as received
    idempotency_key  NVARCHAR(400)  NOT NULL,   -- the delivery that brought it first
    received_at      BIGINT         NOT NULL
);
GO
CREATE UNIQUE INDEX ux_transcript_segments_message ON dbo.transcript_segments (session_id, message_id);
GO
CREATE INDEX ix_transcript_segments_spoken ON dbo.transcript_segments (session_id, occurred_at, message_id);
GO
CREATE INDEX ix_transcript_segments_fqn ON dbo.transcript_segments (fqn, occurred_at);
GO
-- The transcription files JaaS uploaded at the end, as the media-artifacts service stored them: metadata only.
CREATE TABLE dbo.transcript_files (
    artifact_id      NVARCHAR(36)   NOT NULL CONSTRAINT pk_transcript_files PRIMARY KEY,
    session_id       NVARCHAR(400)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    fqn              NVARCHAR(800)  NOT NULL,
    storage_path     NVARCHAR(2000) NOT NULL,
    sha256           NVARCHAR(64)   NOT NULL,
    bytes            BIGINT         NOT NULL,
    file_name        NVARCHAR(MAX)  NULL,
    content_type     NVARCHAR(400)  NULL,
    event_timestamp  BIGINT         NOT NULL,
    stored_at        BIGINT         NOT NULL
);
GO
CREATE INDEX ix_transcript_files_session ON dbo.transcript_files (session_id);
