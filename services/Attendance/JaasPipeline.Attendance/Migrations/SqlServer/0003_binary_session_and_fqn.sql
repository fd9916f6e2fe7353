-- Meeting ids and room names compare byte for byte, as SQLite compares them and JaaS sends them: under the default
-- case-insensitive collation the facts of sessions `abc` and `ABC` would read as one meeting, and the meeting list of
-- room `app/Standup` would include `app/standup`. The indexes on the columns must go while their collation changes.
DROP INDEX ix_attendance_facts_session ON dbo.attendance_facts;
GO
DROP INDEX ix_attendance_facts_fqn ON dbo.attendance_facts;
GO
ALTER TABLE dbo.attendance_facts ALTER COLUMN session_id NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.attendance_facts ALTER COLUMN fqn NVARCHAR(800) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
CREATE INDEX ix_attendance_facts_session ON dbo.attendance_facts (session_id);
GO
CREATE INDEX ix_attendance_facts_fqn ON dbo.attendance_facts (fqn, occurred_at);
