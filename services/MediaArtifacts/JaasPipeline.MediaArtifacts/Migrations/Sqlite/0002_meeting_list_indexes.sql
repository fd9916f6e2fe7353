-- The list of meetings (GET /api/artifacts/meetings) groups the rows by meeting and reads each one's fqn and first and
-- last event time: ix_media_artifacts_meeting holds all three. A meeting's artifacts are read a page at a time in the
-- order received: ix_media_artifacts_session_page is that order. Together they serve every lookup by session_id, so the
-- index on session_id alone goes.
CREATE INDEX ix_media_artifacts_meeting ON media_artifacts (session_id, event_timestamp, fqn);
CREATE INDEX ix_media_artifacts_session_page ON media_artifacts (session_id, created_at, idempotency_key, link_index);
DROP INDEX ix_media_artifacts_session;
