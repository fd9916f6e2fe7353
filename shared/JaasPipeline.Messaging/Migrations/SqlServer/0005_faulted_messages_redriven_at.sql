-- When `error-queues move` sent a faulted message back to its queue (null: waiting). The row goes once the message is
-- consumed; a row re-driven before the process last started counts as waiting again (its copy died with the process).
IF COL_LENGTH(N'dbo.faulted_messages', N'redriven_at') IS NULL
ALTER TABLE dbo.faulted_messages ADD redriven_at BIGINT NULL;
GO
-- Rows are now looked up by queue: it compares byte for byte, as on SQLite (before its index, which would pin the collation).
ALTER TABLE dbo.faulted_messages ALTER COLUMN queue NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_faulted_messages_queue' AND object_id = OBJECT_ID(N'dbo.faulted_messages'))
CREATE INDEX ix_faulted_messages_queue ON dbo.faulted_messages (queue, id);
