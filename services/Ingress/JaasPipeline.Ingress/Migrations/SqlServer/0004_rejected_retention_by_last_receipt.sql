-- A rejected body JaaS keeps retrying is kept while it keeps coming: retention goes by its last receipt.
UPDATE dbo.rejected_deliveries SET last_received_at = received_at WHERE last_received_at IS NULL;
GO
CREATE INDEX ix_rejected_deliveries_last_received_at ON dbo.rejected_deliveries (last_received_at);
