-- The delivery log (GET /api/deliveries): what arrived, by time, whatever became of it.
-- A repeat of an accepted delivery is counted on its row (JaaS retries are normal; one row per repeat would grow
-- without bound under a retry storm).
ALTER TABLE outbox_deliveries ADD COLUMN duplicates_received INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox_deliveries ADD COLUMN last_duplicate_at INTEGER NULL;  -- Unix ms
-- A replay to one consumer's queue (POST /api/replay): the relay sends the row there instead of publishing it.
ALTER TABLE outbox_deliveries ADD COLUMN replay_queue TEXT NULL;
-- What could be read from a refused body, so the log can be filtered by meeting and type; NULL where it could not.
ALTER TABLE rejected_deliveries ADD COLUMN idempotency_key TEXT NULL;
ALTER TABLE rejected_deliveries ADD COLUMN event_type TEXT NULL;
ALTER TABLE rejected_deliveries ADD COLUMN session_id TEXT NULL;
CREATE INDEX IF NOT EXISTS ix_outbox_deliveries_received_at ON outbox_deliveries (received_at);
CREATE INDEX IF NOT EXISTS ix_outbox_deliveries_last_duplicate_at ON outbox_deliveries (last_duplicate_at) WHERE last_duplicate_at IS NOT NULL;
