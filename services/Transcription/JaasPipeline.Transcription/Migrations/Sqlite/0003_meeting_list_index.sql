-- The list of meetings (GET /api/transcripts/meetings) groups the phrases by meeting and reads each one's fqn and first
-- and last event: this index holds all three, so the list is read from it (and from the few transcript files).
CREATE INDEX ix_transcript_segments_meeting ON transcript_segments (session_id, occurred_at, fqn);
