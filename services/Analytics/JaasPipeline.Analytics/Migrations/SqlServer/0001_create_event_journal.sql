-- One row per JaaS event the analytics service has received: the raw material of its reports.
CREATE TABLE dbo.analytics_event_journal (
    message_id      UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_analytics_event_journal PRIMARY KEY,
    idempotency_key NVARCHAR(400)    NOT NULL,
    event_type      NVARCHAR(200)    NOT NULL,
    session_id      NVARCHAR(400)    NOT NULL,
    fqn             NVARCHAR(800)    NOT NULL,
    occurred_at     BIGINT           NOT NULL   -- Unix ms, the event's own timestamp
);
GO
CREATE INDEX ix_analytics_event_journal_session ON dbo.analytics_event_journal (session_id, occurred_at);
