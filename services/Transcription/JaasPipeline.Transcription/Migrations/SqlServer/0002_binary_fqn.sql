-- Room names compare byte for byte, as SQLite compares them and JaaS sends them: under the default case-insensitive
-- collation a search in room `app/Standup` would also find `app/standup`. The index on the column must go while its
-- collation changes.
DROP INDEX ix_transcript_segments_fqn ON dbo.transcript_segments;
GO
ALTER TABLE dbo.transcript_segments ALTER COLUMN fqn NVARCHAR(800) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
CREATE INDEX ix_transcript_segments_fqn ON dbo.transcript_segments (fqn, occurred_at);
