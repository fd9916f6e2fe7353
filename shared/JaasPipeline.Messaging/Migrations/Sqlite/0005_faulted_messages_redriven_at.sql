-- When `error-queues move` sent a faulted message back to its queue (null: waiting). The row goes once the message is
-- consumed; a row re-driven before the process last started counts as waiting again (its copy died with the process).
ALTER TABLE faulted_messages ADD COLUMN redriven_at INTEGER NULL;
CREATE INDEX IF NOT EXISTS ix_faulted_messages_queue ON faulted_messages (queue, id);
