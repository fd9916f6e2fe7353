-- Every accepted delivery, exactly as received, until the relay has published it and the retention has passed.
CREATE TABLE dbo.outbox_deliveries (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_outbox_deliveries PRIMARY KEY,  -- receipt order
    idempotency_key NVARCHAR(400)  NOT NULL CONSTRAINT uq_outbox_deliveries_key UNIQUE,
    event_type      NVARCHAR(200)  NOT NULL,
    session_id      NVARCHAR(400)  NOT NULL,
    received_at     BIGINT         NOT NULL,   -- Unix ms
    body            VARBINARY(MAX) NOT NULL,   -- raw request body, byte for byte
    body_sha256     BINARY(32)     NOT NULL,
    claimed_by      NVARCHAR(200)  NULL,       -- relay instance holding the row
    claimed_until   BIGINT         NULL,       -- Unix ms; the claim lapses after this
    published_at    BIGINT         NULL,       -- Unix ms; NULL = not yet on the bus
    published_by    NVARCHAR(200)  NULL,       -- relay instance that published it
    parked_reason   NVARCHAR(MAX)  NULL        -- set when the row cannot be published at all
);
GO
CREATE INDEX ix_outbox_deliveries_pending ON dbo.outbox_deliveries (id) WHERE published_at IS NULL AND parked_reason IS NULL;
GO
CREATE INDEX ix_outbox_deliveries_published_at ON dbo.outbox_deliveries (published_at) WHERE published_at IS NOT NULL;
GO
-- A repeat of an idempotency key whose body differs from the one accepted first.
CREATE TABLE dbo.delivery_conflicts (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_delivery_conflicts PRIMARY KEY,
    idempotency_key NVARCHAR(400)  NOT NULL,
    received_at     BIGINT         NOT NULL,
    body            VARBINARY(MAX) NOT NULL,
    body_sha256     BINARY(32)     NOT NULL
);
GO
CREATE INDEX ix_delivery_conflicts_key ON dbo.delivery_conflicts (idempotency_key);
GO
-- Authenticated deliveries we refused (bad JSON, missing fields...), kept with the reason: nothing is lost.
CREATE TABLE dbo.rejected_deliveries (
    id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_rejected_deliveries PRIMARY KEY,
    received_at BIGINT         NOT NULL,
    reason      NVARCHAR(100)  NOT NULL,
    detail      NVARCHAR(MAX)  NOT NULL,
    body        VARBINARY(MAX) NOT NULL
);
GO
-- Where the relay's in-memory transport bookkeeping stands (embedded mode only).
CREATE TABLE dbo.relay_checkpoints (
    name      NVARCHAR(200) NOT NULL CONSTRAINT pk_relay_checkpoints PRIMARY KEY,
    outbox_id BIGINT        NOT NULL
);
