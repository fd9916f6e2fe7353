-- Messages that exhausted their retries on the in-memory bus (embedded mode), whose error queue dies with the process.
CREATE TABLE IF NOT EXISTS faulted_messages (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    queue        TEXT    NOT NULL,
    consumer     TEXT    NOT NULL,
    message_id   TEXT    NOT NULL,
    message_type TEXT    NOT NULL,
    outbox_id    INTEGER NULL,      -- the ingress's outbox row to replay
    exception    TEXT    NOT NULL,
    faulted_at   INTEGER NOT NULL   -- Unix ms
);
