-- The inbox: one row per (consumer, message) already handled, written in the consumer's own transaction.
IF OBJECT_ID(N'dbo.inbox_messages', N'U') IS NULL
CREATE TABLE dbo.inbox_messages (
    consumer     NVARCHAR(200)    NOT NULL,
    message_id   UNIQUEIDENTIFIER NOT NULL,
    message_type NVARCHAR(400)    NOT NULL,
    received_at  BIGINT           NOT NULL,
    CONSTRAINT pk_inbox_messages PRIMARY KEY (consumer, message_id)
);
