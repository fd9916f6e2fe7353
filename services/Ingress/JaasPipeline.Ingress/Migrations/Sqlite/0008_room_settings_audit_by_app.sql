-- The audit trail is read per app, newest first (GET /api/room-settings-audit/{appId}).
CREATE INDEX IF NOT EXISTS ix_room_settings_audit_app ON room_settings_audit (app_id, id);
