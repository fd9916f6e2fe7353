-- One row per transcription phrase (TRANSCRIPTION_CHUNK_RECEIVED), the text as received. A phrase is its messageID
-- within the meeting: the same phrase re-sent under a new idempotency key is stored once.
CREATE TABLE transcript_segments (
    id               INTEGER NOT NULL PRIMARY KEY,   -- the rowid, shared with transcript_segments_fts
    session_id       TEXT    NOT NULL,
    fqn              TEXT    NOT NULL,
    message_id       TEXT    NOT NULL,
    occurred_at      INTEGER NOT NULL,   -- Unix ms, the event's own timestamp
    participant_id   TEXT    NULL,
    name             TEXT    NULL,
    user_id          TEXT    NULL,
    email            TEXT    NULL,
    language         TEXT    NULL,
    phrase           TEXT    NOT NULL,   -- `final` exactly as received
    idempotency_key  TEXT    NOT NULL,   -- the delivery that brought it first
    received_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_transcript_segments_message ON transcript_segments (session_id, message_id);
-- The transcript read: one meeting in spoken order.
CREATE INDEX ix_transcript_segments_spoken ON transcript_segments (session_id, occurred_at, message_id);
CREATE INDEX ix_transcript_segments_fqn ON transcript_segments (fqn, occurred_at);

-- Full text of the phrases (external content: the text lives once, in transcript_segments), kept in step by triggers
-- in the writer's own transaction.
CREATE VIRTUAL TABLE transcript_segments_fts USING fts5(
    phrase, content = 'transcript_segments', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER transcript_segments_fts_insert AFTER INSERT ON transcript_segments BEGIN
    INSERT INTO transcript_segments_fts (rowid, phrase) VALUES (new.id, new.phrase);
END;
CREATE TRIGGER transcript_segments_fts_delete AFTER DELETE ON transcript_segments BEGIN
    INSERT INTO transcript_segments_fts (transcript_segments_fts, rowid, phrase) VALUES ('delete', old.id, old.phrase);
END;
CREATE TRIGGER transcript_segments_fts_update AFTER UPDATE OF phrase ON transcript_segments BEGIN
    INSERT INTO transcript_segments_fts (transcript_segments_fts, rowid, phrase) VALUES ('delete', old.id, old.phrase);
    INSERT INTO transcript_segments_fts (rowid, phrase) VALUES (new.id, new.phrase);
END;

-- The transcription files JaaS uploaded at the end (TRANSCRIPTION_UPLOADED), as the media-artifacts service stored
-- them (ArtifactStored): metadata only, the format of the file is not documented and it is never read here.
CREATE TABLE transcript_files (
    artifact_id      TEXT    NOT NULL PRIMARY KEY,
    session_id       TEXT    NOT NULL,
    fqn              TEXT    NOT NULL,
    storage_path     TEXT    NOT NULL,
    sha256           TEXT    NOT NULL,
    bytes            INTEGER NOT NULL,
    file_name        TEXT    NULL,
    content_type     TEXT    NULL,
    event_timestamp  INTEGER NOT NULL,   -- Unix ms, TRANSCRIPTION_UPLOADED's timestamp
    stored_at        INTEGER NOT NULL    -- Unix ms, when ArtifactStored was sent
);
CREATE INDEX ix_transcript_files_session ON transcript_files (session_id);
