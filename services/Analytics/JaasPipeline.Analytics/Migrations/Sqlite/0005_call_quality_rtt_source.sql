-- Issue 23: which samples a file's RTT figures came from (candidate-pair, goog-candidate-pair, remote-inbound-rtp;
-- Firefox's pairs carry no RTT). NULL for a file with no RTT, and for rows summarized before this column.
ALTER TABLE analytics_call_quality ADD COLUMN rtt_source TEXT NULL;
