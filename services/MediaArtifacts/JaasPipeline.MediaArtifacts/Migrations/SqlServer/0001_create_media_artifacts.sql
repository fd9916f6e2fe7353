-- One row per link a JaaS event carried (and per screenshot a screen-sharing list named): the work list of the
-- download worker and the answer of the read API. Times are Unix milliseconds. Keys from JaaS compare byte for byte.
CREATE TABLE dbo.media_artifacts (
    artifact_id      CHAR(36)       NOT NULL CONSTRAINT pk_media_artifacts PRIMARY KEY,
    idempotency_key  NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    link_index       INT            NOT NULL,
    parent_id        CHAR(36)       NULL,
    event_type       NVARCHAR(100)  NOT NULL,
    kind             NVARCHAR(40)   NOT NULL,
    session_id       NVARCHAR(400)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    fqn              NVARCHAR(800)  NOT NULL,
    event_timestamp  BIGINT         NOT NULL,
    url              NVARCHAR(MAX)  NULL,
    file_name        NVARCHAR(1000) NULL,
    file_key         NVARCHAR(400)  COLLATE Latin1_General_100_BIN2 NULL,
    expected_bytes   BIGINT         NULL,
    participant_id   NVARCHAR(400)  NULL,
    participant_name NVARCHAR(400)  NULL,
    endpoint_id      NVARCHAR(400)  NULL,
    status           NVARCHAR(20)   NOT NULL,
    reason           NVARCHAR(1000) NULL,
    attempts         INT            NOT NULL CONSTRAINT df_media_artifacts_attempts DEFAULT 0,
    next_attempt_at  BIGINT         NOT NULL,
    lease_owner      NVARCHAR(100)  NULL,
    lease_until      BIGINT         NULL,
    expires_at       BIGINT         NOT NULL,
    validator        NVARCHAR(400)  NULL,
    content_type     NVARCHAR(400)  NULL,
    storage_key      NVARCHAR(1000) NULL,
    bytes            BIGINT         NULL,
    sha256           CHAR(64)       NULL,
    created_at       BIGINT         NOT NULL,
    stored_at        BIGINT         NULL,
    published_at     BIGINT         NULL,
    CONSTRAINT uq_media_artifacts_link UNIQUE (idempotency_key, link_index)
);
GO
CREATE INDEX ix_media_artifacts_due ON dbo.media_artifacts (status, next_attempt_at);
GO
CREATE INDEX ix_media_artifacts_session ON dbo.media_artifacts (session_id);
GO
CREATE INDEX ix_media_artifacts_document ON dbo.media_artifacts (session_id, file_key);
GO
CREATE TABLE dbo.media_document_deletions (
    session_id NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    file_key   NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL,
    deleted_at BIGINT        NOT NULL,
    CONSTRAINT pk_media_document_deletions PRIMARY KEY NONCLUSTERED (session_id, file_key)   -- 1,600 key bytes: over the 900 of a clustered key
);
