-- Messages that exhausted their retries on the in-memory bus (embedded mode), whose error queue dies with the process.
IF OBJECT_ID(N'dbo.faulted_messages', N'U') IS NULL
CREATE TABLE dbo.faulted_messages (
    id           BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_faulted_messages PRIMARY KEY,
    queue        NVARCHAR(200)    NOT NULL,
    consumer     NVARCHAR(200)    NOT NULL,
    message_id   UNIQUEIDENTIFIER NOT NULL,
    message_type NVARCHAR(400)    NOT NULL,
    outbox_id    BIGINT           NULL,      -- the ingress's outbox row to replay
    exception    NVARCHAR(MAX)    NOT NULL,
    faulted_at   BIGINT           NOT NULL   -- Unix ms
);
