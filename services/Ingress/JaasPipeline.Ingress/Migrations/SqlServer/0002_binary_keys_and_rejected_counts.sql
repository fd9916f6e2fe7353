-- Idempotency keys compare byte for byte, as JaaS sends them: the default collation is case-insensitive and would take
-- `k` and `K` for one delivery. A binary collation also makes the comparison cheaper.
ALTER TABLE dbo.outbox_deliveries DROP CONSTRAINT uq_outbox_deliveries_key;
GO
ALTER TABLE dbo.outbox_deliveries ALTER COLUMN idempotency_key NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.outbox_deliveries ADD CONSTRAINT uq_outbox_deliveries_key UNIQUE (idempotency_key);
GO
DROP INDEX ix_delivery_conflicts_key ON dbo.delivery_conflicts;
GO
ALTER TABLE dbo.delivery_conflicts ALTER COLUMN idempotency_key NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
CREATE INDEX ix_delivery_conflicts_key ON dbo.delivery_conflicts (idempotency_key);
GO
-- A body refused again (JaaS retries it) is counted on its first row instead of being stored once more.
-- Rows from before this migration have no hash and are never matched.
ALTER TABLE dbo.rejected_deliveries ADD
    body_sha256      BINARY(32) NULL,
    times_received   INT        NOT NULL CONSTRAINT df_rejected_deliveries_times_received DEFAULT 1,
    last_received_at BIGINT     NULL;  -- Unix ms
GO
CREATE UNIQUE INDEX ux_rejected_deliveries_body_sha256 ON dbo.rejected_deliveries (body_sha256) WHERE body_sha256 IS NOT NULL;
