-- The list of meetings (GET /api/attendance/meetings) groups the facts by meeting and reads each one's fqn and first and
-- last event: this index holds all three (fqn included, not keyed: 800 + 8 + 1,600 bytes would pass the 1,700 of a key),
-- so the list is read from it alone. It also serves every lookup by session_id, so the older index on session_id goes.
CREATE INDEX ix_attendance_facts_meeting ON dbo.attendance_facts (session_id, occurred_at) INCLUDE (fqn);
GO
DROP INDEX ix_attendance_facts_session ON dbo.attendance_facts;
