-- The delivery log (GET /api/deliveries): what arrived, by time, whatever became of it.
-- A repeat of an accepted delivery is counted on its row (JaaS retries are normal; one row per repeat would grow
-- without bound under a retry storm).
ALTER TABLE dbo.outbox_deliveries ADD
    duplicates_received INT    NOT NULL CONSTRAINT df_outbox_deliveries_duplicates_received DEFAULT 0,
    last_duplicate_at   BIGINT NULL,  -- Unix ms
    -- A replay to one consumer's queue (POST /api/replay): the relay sends the row there instead of publishing it.
    replay_queue        NVARCHAR(200) NULL;
GO
-- What could be read from a refused body, so the log can be filtered by meeting and type; NULL where it could not.
ALTER TABLE dbo.rejected_deliveries ADD
    idempotency_key NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NULL,
    event_type      NVARCHAR(200) NULL,
    session_id      NVARCHAR(400) NULL;
GO
CREATE INDEX ix_outbox_deliveries_received_at ON dbo.outbox_deliveries (received_at);
GO
CREATE INDEX ix_outbox_deliveries_last_duplicate_at ON dbo.outbox_deliveries (last_duplicate_at) WHERE last_duplicate_at IS NOT NULL;
