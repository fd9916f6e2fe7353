-- One row per time the inbox probe consumer ran to completion. No unique key on purpose: only the inbox may
-- keep a redelivered message from adding a second row.
CREATE TABLE inbox_probe_effects (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    probe_key  TEXT NOT NULL,
    message_id TEXT NOT NULL
);
