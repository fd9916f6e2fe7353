-- One row per JaaS event the analytics service has received: the raw material of its reports.
CREATE TABLE analytics_event_journal (
    message_id      TEXT    NOT NULL PRIMARY KEY,
    idempotency_key TEXT    NOT NULL,
    event_type      TEXT    NOT NULL,
    session_id      TEXT    NOT NULL,
    fqn             TEXT    NOT NULL,
    occurred_at     INTEGER NOT NULL   -- Unix ms, the event's own timestamp
);
CREATE INDEX ix_analytics_event_journal_session ON analytics_event_journal (session_id, occurred_at);
