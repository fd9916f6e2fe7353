-- The list of meetings (GET /api/artifacts/meetings) groups the rows by meeting and reads each one's fqn and first and
-- last event time: ix_media_artifacts_meeting holds all three (fqn included, not keyed: it would pass the 1,700 bytes of
-- a key). A meeting's artifacts are read a page at a time in the order received: ix_media_artifacts_session_page is that
-- order (800 + 8 + 800 + 4 key bytes). Together they serve every lookup by session_id, so the index on it alone goes.
CREATE INDEX ix_media_artifacts_meeting ON dbo.media_artifacts (session_id, event_timestamp) INCLUDE (fqn);
GO
CREATE INDEX ix_media_artifacts_session_page ON dbo.media_artifacts (session_id, created_at, idempotency_key, link_index);
GO
DROP INDEX ix_media_artifacts_session ON dbo.media_artifacts;
