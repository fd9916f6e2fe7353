-- One row per link a JaaS event carried (and per screenshot a screen-sharing list named): the work list of the
-- download worker and the answer of the read API. Times are Unix milliseconds.
CREATE TABLE media_artifacts (
    artifact_id      TEXT    NOT NULL PRIMARY KEY,
    idempotency_key  TEXT    NOT NULL,
    link_index       INTEGER NOT NULL,   -- 0: the event's link; 1..n: screenshots listed by it
    parent_id        TEXT    NULL,       -- the screen-sharing list a screenshot came from
    event_type       TEXT    NOT NULL,
    kind             TEXT    NOT NULL,   -- recording, transcription, chat, video-segment, screenshots, rtcstats, document
    session_id       TEXT    NOT NULL,
    fqn              TEXT    NOT NULL,
    event_timestamp  INTEGER NOT NULL,
    url              TEXT    NULL,       -- pre-authenticated: a credential, never logged
    file_name        TEXT    NULL,       -- metadata only, never a path
    file_key         TEXT    NULL,       -- documents: fileId, else 'name:' + fileName
    expected_bytes   INTEGER NULL,
    participant_id   TEXT    NULL,
    participant_name TEXT    NULL,
    endpoint_id      TEXT    NULL,
    status           TEXT    NOT NULL,   -- pending, downloading, stored, failed, expired, rejected, deleted
    reason           TEXT    NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    lease_owner      TEXT    NULL,
    lease_until      INTEGER NULL,
    expires_at       INTEGER NOT NULL,
    validator        TEXT    NULL,       -- ETag or Last-Modified of the partial file, for If-Range
    content_type     TEXT    NULL,
    storage_key      TEXT    NULL,
    bytes            INTEGER NULL,
    sha256           TEXT    NULL,
    created_at       INTEGER NOT NULL,
    stored_at        INTEGER NULL,
    published_at     INTEGER NULL,       -- ArtifactStored confirmed by the broker
    CONSTRAINT uq_media_artifacts_link UNIQUE (idempotency_key, link_index)
);
CREATE INDEX ix_media_artifacts_due ON media_artifacts (status, next_attempt_at);
CREATE INDEX ix_media_artifacts_session ON media_artifacts (session_id);
CREATE INDEX ix_media_artifacts_document ON media_artifacts (session_id, file_key);

-- DOCUMENT_DELETED may arrive before its DOCUMENT_ADDED: remembered here so the later add ends 'deleted' at once.
CREATE TABLE media_document_deletions (
    session_id TEXT    NOT NULL,
    file_key   TEXT    NOT NULL,
    deleted_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, file_key)
);
