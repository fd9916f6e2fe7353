-- Meeting ids, event types and settings keys compare byte for byte, as SQLite compares them and JaaS sends them: under
-- the default case-insensitive collation the delivery log and replay of session `abc` would include session `ABC`, and
-- the rules for rooms `Standup` and `standup` would collide in room_settings' primary key while SQLite keeps both.
-- A key's collation cannot change while the key exists: room_settings' primary key goes and comes back.
ALTER TABLE dbo.outbox_deliveries ALTER COLUMN session_id NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.outbox_deliveries ALTER COLUMN event_type NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.rejected_deliveries ALTER COLUMN session_id NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NULL;
GO
ALTER TABLE dbo.rejected_deliveries ALTER COLUMN event_type NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NULL;
GO
ALTER TABLE dbo.room_settings DROP CONSTRAINT pk_room_settings;
GO
ALTER TABLE dbo.room_settings ALTER COLUMN app_id NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.room_settings ALTER COLUMN room NVARCHAR(350) COLLATE Latin1_General_100_BIN2 NOT NULL;
GO
ALTER TABLE dbo.room_settings ADD CONSTRAINT pk_room_settings PRIMARY KEY (app_id, room);
