-- One row per time the inbox probe consumer ran to completion. No unique key on purpose: only the inbox may
-- keep a redelivered message from adding a second row.
CREATE TABLE dbo.inbox_probe_effects (
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_inbox_probe_effects PRIMARY KEY,
    probe_key  NVARCHAR(100) NOT NULL,
    message_id NVARCHAR(100) NOT NULL
);
