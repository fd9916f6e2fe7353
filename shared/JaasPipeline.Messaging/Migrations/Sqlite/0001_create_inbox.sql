-- The inbox: one row per (consumer, message) already handled, written in the consumer's own transaction.
CREATE TABLE IF NOT EXISTS inbox_messages (
    consumer     TEXT    NOT NULL,
    message_id   TEXT    NOT NULL,
    message_type TEXT    NOT NULL,
    received_at  INTEGER NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
