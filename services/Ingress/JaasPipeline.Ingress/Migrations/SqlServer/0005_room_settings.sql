-- Settings provisioning: one partial settings object (JSON) per app and room, room pattern or '*'.
CREATE TABLE dbo.room_settings (
    app_id NVARCHAR(100) NOT NULL,   -- 100 + 350 characters: the key stays within 900 bytes
    room NVARCHAR(350) NOT NULL,
    settings NVARCHAR(MAX) NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT pk_room_settings PRIMARY KEY (app_id, room)
);
GO
CREATE TABLE dbo.room_settings_audit (
    id BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_room_settings_audit PRIMARY KEY,
    app_id NVARCHAR(100) NOT NULL,
    room NVARCHAR(350) NOT NULL,
    changed_by NVARCHAR(200) NOT NULL,
    changed_at BIGINT NOT NULL,
    before_settings NVARCHAR(MAX) NULL,
    after_settings NVARCHAR(MAX) NULL
);
