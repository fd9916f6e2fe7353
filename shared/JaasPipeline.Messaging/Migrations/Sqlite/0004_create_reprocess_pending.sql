-- A meeting whose effects and inbox rows reprocess cleared, written in the clearing's transaction and deleted once its
-- replay is scheduled: what lets the next `jaas-ops reprocess` finish a replay that failed or never ran (a crash).
CREATE TABLE IF NOT EXISTS reprocess_pending (
    session_id TEXT    NOT NULL PRIMARY KEY,
    cleared_at INTEGER NOT NULL   -- Unix ms
);
