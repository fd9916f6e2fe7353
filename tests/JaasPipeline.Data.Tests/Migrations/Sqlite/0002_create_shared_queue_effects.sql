-- One row per time a consumer sharing the probe queue ran to completion; no unique key, as for inbox_probe_effects.
CREATE TABLE shared_queue_effects (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    consumer   TEXT NOT NULL,
    message_id TEXT NOT NULL
);
