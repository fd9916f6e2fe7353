-- Retention deletes inbox rows by age: this index finds the due rows without a table scan, so a DELETE TOP (2000)
-- locks only the rows it removes.
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_inbox_messages_received_at' AND object_id = OBJECT_ID(N'dbo.inbox_messages'))
CREATE INDEX ix_inbox_messages_received_at ON dbo.inbox_messages (received_at);
