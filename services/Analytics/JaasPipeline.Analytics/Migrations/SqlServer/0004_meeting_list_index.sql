-- The list of meetings (GET /api/analytics/meetings) groups the journal by meeting and reads each one's fqn and first and
-- last event; a report reads its meeting's fqn. This index holds all three (fqn included, not keyed: it would pass the
-- 1,700 bytes of a key), so both are read from it alone; it replaces the index on (session_id, occurred_at).
CREATE INDEX ix_analytics_event_journal_meeting ON dbo.analytics_event_journal (session_id, occurred_at) INCLUDE (fqn);
GO
DROP INDEX ix_analytics_event_journal_session ON dbo.analytics_event_journal;
