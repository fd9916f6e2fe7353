-- Every accepted delivery, exactly as received, until the relay has published it and the retention has passed.
CREATE TABLE outbox_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,   -- receipt order
    idempotency_key TEXT    NOT NULL UNIQUE,
    event_type      TEXT    NOT NULL,
    session_id      TEXT    NOT NULL,
    received_at     INTEGER NOT NULL,                    -- Unix ms
    body            BLOB    NOT NULL,                    -- raw request body, byte for byte
    body_sha256     BLOB    NOT NULL,
    claimed_by      TEXT    NULL,                        -- relay instance holding the row
    claimed_until   INTEGER NULL,                        -- Unix ms; the claim lapses after this
    published_at    INTEGER NULL,                        -- Unix ms; NULL = not yet on the bus
    published_by    TEXT    NULL,                        -- relay instance that published it
    parked_reason   TEXT    NULL                         -- set when the row cannot be published at all
);
CREATE INDEX ix_outbox_deliveries_pending ON outbox_deliveries (id) WHERE published_at IS NULL AND parked_reason IS NULL;
CREATE INDEX ix_outbox_deliveries_published_at ON outbox_deliveries (published_at) WHERE published_at IS NOT NULL;

-- A repeat of an idempotency key whose body differs from the one accepted first.
CREATE TABLE delivery_conflicts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT    NOT NULL,
    received_at     INTEGER NOT NULL,
    body            BLOB    NOT NULL,
    body_sha256     BLOB    NOT NULL
);
CREATE INDEX ix_delivery_conflicts_key ON delivery_conflicts (idempotency_key);

-- Authenticated deliveries we refused (bad JSON, missing fields...), kept with the reason: nothing is lost.
CREATE TABLE rejected_deliveries (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    body        BLOB    NOT NULL
);

-- Where the relay's in-memory transport bookkeeping stands (embedded mode only).
CREATE TABLE relay_checkpoints (
    name      TEXT    NOT NULL PRIMARY KEY,
    outbox_id INTEGER NOT NULL
);
