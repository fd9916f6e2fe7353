-- What the test ledger consumer received, through the inbox: one row per delivery it handled.
CREATE TABLE ledger (
    idempotency_key TEXT NOT NULL PRIMARY KEY,
    message_id      TEXT NOT NULL
);
