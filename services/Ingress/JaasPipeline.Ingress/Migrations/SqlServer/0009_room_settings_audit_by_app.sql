-- The audit trail is read per app, newest first (GET /api/room-settings-audit/{appId}): its app id compares byte for
-- byte as room_settings' does (0008) and as SQLite compares it, and an index serves the read without a scan.
ALTER TABLE dbo.room_settings_audit ALTER COLUMN app_id NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
CREATE INDEX ix_room_settings_audit_app ON dbo.room_settings_audit (app_id, id);
