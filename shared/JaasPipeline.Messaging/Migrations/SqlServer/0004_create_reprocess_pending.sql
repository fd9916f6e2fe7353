-- A meeting whose effects and inbox rows reprocess cleared, written in the clearing's transaction and deleted once its
-- replay is scheduled: what lets the next `jaas-ops reprocess` finish a replay that failed or never ran (a crash).
IF OBJECT_ID(N'dbo.reprocess_pending', N'U') IS NULL
CREATE TABLE dbo.reprocess_pending (
    -- As wide as a sessionId may be, and byte for byte as on SQLite: sessions `abc` and `ABC` are two meetings.
    session_id NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT pk_reprocess_pending PRIMARY KEY,
    cleared_at BIGINT        NOT NULL   -- Unix ms
);
