-- A rejected body JaaS keeps retrying is kept while it keeps coming: retention goes by its last receipt.
UPDATE rejected_deliveries SET last_received_at = received_at WHERE last_received_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_rejected_deliveries_last_received_at ON rejected_deliveries (last_received_at);
