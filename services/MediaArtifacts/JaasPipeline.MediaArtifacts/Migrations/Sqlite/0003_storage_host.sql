-- The storage host a link points at (lower case, no port): the worker gives each host at most its share of the download
-- slots (MediaArtifacts:MaxConcurrentDownloadsPerStorageHost), so one slow host cannot hold them all. Rows recorded
-- before this migration have '' and share one share between them; their links expire within 48 hours anyway.
ALTER TABLE media_artifacts ADD COLUMN storage_host TEXT NOT NULL DEFAULT '';
