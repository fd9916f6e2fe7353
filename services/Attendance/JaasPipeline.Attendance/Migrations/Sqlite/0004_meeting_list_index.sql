-- The list of meetings (GET /api/attendance/meetings) groups the facts by meeting and reads each one's fqn and first and
-- last event: this index holds all three, so the list is read from it alone. It also serves every lookup by session_id,
-- so the older index on session_id alone goes.
CREATE INDEX ix_attendance_facts_meeting ON attendance_facts (session_id, occurred_at, fqn);
DROP INDEX ix_attendance_facts_session;
