-- One row per time a consumer sharing the probe queue ran to completion; no unique key, as for inbox_probe_effects.
CREATE TABLE dbo.shared_queue_effects (
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_shared_queue_effects PRIMARY KEY,
    consumer   NVARCHAR(200) NOT NULL,
    message_id NVARCHAR(100) NOT NULL
);
