-- A body refused again (JaaS retries it) is counted on its first row instead of being stored once more.
-- Rows from before this migration have no hash (NULLs never collide in a unique index) and are never matched.
-- Idempotency keys already compare byte for byte here: SQLite's default collation is BINARY.
ALTER TABLE rejected_deliveries ADD COLUMN body_sha256 BLOB NULL;
ALTER TABLE rejected_deliveries ADD COLUMN times_received INTEGER NOT NULL DEFAULT 1;
ALTER TABLE rejected_deliveries ADD COLUMN last_received_at INTEGER NULL;  -- Unix ms
CREATE UNIQUE INDEX ux_rejected_deliveries_body_sha256 ON rejected_deliveries (body_sha256);
