-- Retention deletes inbox rows by age: this index finds the due rows without a table scan.
CREATE INDEX IF NOT EXISTS ix_inbox_messages_received_at ON inbox_messages (received_at);
