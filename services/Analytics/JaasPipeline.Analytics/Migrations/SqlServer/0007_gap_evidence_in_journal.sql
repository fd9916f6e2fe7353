-- What the gap rules read of an event is kept in its journal row, which the analytics service writes for every event
-- anyway: a second consumer with its own inbox row and table for the same events cost 210 µs per delivery
-- (docs/benchmarks.md). The rows of analytics_gap_events move into the journal rows of the same events.
ALTER TABLE dbo.analytics_event_journal ADD
    is_breakout          BIT           NOT NULL CONSTRAINT df_analytics_event_journal_breakout DEFAULT 0,
    participant_id       NVARCHAR(400) COLLATE Latin1_General_100_BIN2 NULL,
    participant_name     NVARCHAR(400) NULL,
    recording_session_id NVARCHAR(MAX) NULL;   -- no JaaS field limit bounds it; compared in memory, never looked up
GO
UPDATE j
SET j.is_breakout = g.is_breakout, j.participant_id = g.participant_id, j.participant_name = g.participant_name,
    j.recording_session_id = g.recording_session_id
FROM dbo.analytics_event_journal AS j
JOIN dbo.analytics_gap_events AS g ON g.idempotency_key = j.idempotency_key COLLATE Latin1_General_100_BIN2;
GO
DROP TABLE dbo.analytics_gap_events;
