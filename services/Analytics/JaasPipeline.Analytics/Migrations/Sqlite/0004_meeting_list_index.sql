-- The list of meetings (GET /api/analytics/meetings) groups the journal by meeting and reads each one's fqn and first and
-- last event; a report reads its meeting's fqn. This index holds all three, so both are read from it alone; it also
-- serves every lookup by session_id, so the older index on (session_id, occurred_at) goes.
CREATE INDEX ix_analytics_event_journal_meeting ON analytics_event_journal (session_id, occurred_at, fqn);
DROP INDEX ix_analytics_event_journal_session;
