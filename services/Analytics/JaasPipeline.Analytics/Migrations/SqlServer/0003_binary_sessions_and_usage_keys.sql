-- Meeting ids compare byte for byte, as SQLite compares them and JaaS sends them: under the default case-insensitive
-- collation the reports of sessions `abc` and `ABC` would share their facts and call quality. The indexes on the
-- columns must go while their collation changes.
DROP INDEX ix_analytics_facts_session ON dbo.analytics_facts;
GO
ALTER TABLE dbo.analytics_facts ALTER COLUMN session_id NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
CREATE INDEX ix_analytics_facts_session ON dbo.analytics_facts (session_id);
GO
DROP INDEX ix_analytics_call_quality_session ON dbo.analytics_call_quality;
GO
ALTER TABLE dbo.analytics_call_quality ALTER COLUMN session_id NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
CREATE INDEX ix_analytics_call_quality_session ON dbo.analytics_call_quality (session_id);
GO
DROP INDEX ix_analytics_event_journal_session ON dbo.analytics_event_journal;
GO
ALTER TABLE dbo.analytics_event_journal ALTER COLUMN session_id NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
CREATE INDEX ix_analytics_event_journal_session ON dbo.analytics_event_journal (session_id, occurred_at);
GO
-- The usage keys are 400 + 7 + 800 = 1,207 bytes wide: over the 900 of a clustered key, so a long customer or device
-- id would fail its insert. Nonclustered keys may take 1,700 bytes.
ALTER TABLE dbo.analytics_usage_devices DROP CONSTRAINT pk_analytics_usage_devices;
GO
ALTER TABLE dbo.analytics_usage_devices ADD CONSTRAINT pk_analytics_usage_devices PRIMARY KEY NONCLUSTERED (customer_id, month, device_id);
GO
ALTER TABLE dbo.analytics_usage_users DROP CONSTRAINT pk_analytics_usage_users;
GO
ALTER TABLE dbo.analytics_usage_users ADD CONSTRAINT pk_analytics_usage_users PRIMARY KEY NONCLUSTERED (customer_id, month, user_id);
