-- What the gap rules read of an event is kept in its journal row, which the analytics service writes for every event
-- anyway: a second consumer with its own inbox row and table for the same events cost 210 µs per delivery
-- (docs/benchmarks.md). The rows of analytics_gap_events move into the journal rows of the same events.
ALTER TABLE analytics_event_journal ADD COLUMN is_breakout INTEGER NOT NULL DEFAULT 0;   -- ROOM_*, PARTICIPANT_*
ALTER TABLE analytics_event_journal ADD COLUMN participant_id TEXT NULL;                 -- PARTICIPANT_*: participantId, else participantJid, else the JWT id
ALTER TABLE analytics_event_journal ADD COLUMN participant_name TEXT NULL;
ALTER TABLE analytics_event_journal ADD COLUMN recording_session_id TEXT NULL;           -- RECORDING_UPLOADED
UPDATE analytics_event_journal
SET is_breakout = g.is_breakout, participant_id = g.participant_id, participant_name = g.participant_name,
    recording_session_id = g.recording_session_id
FROM analytics_gap_events AS g
WHERE g.idempotency_key = analytics_event_journal.idempotency_key;
DROP TABLE analytics_gap_events;
