-- Settings provisioning: one partial settings object (JSON) per app and room, room pattern or '*'.
CREATE TABLE IF NOT EXISTS room_settings (
    app_id TEXT NOT NULL,
    room TEXT NOT NULL,
    settings TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (app_id, room)
);

CREATE TABLE IF NOT EXISTS room_settings_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id TEXT NOT NULL,
    room TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    before_settings TEXT NULL,
    after_settings TEXT NULL
);
