-- Retention deletes conflicts and rejected deliveries by age: these indexes find the due rows without a table scan,
-- so a DELETE TOP (2000) locks only the rows it removes.
CREATE INDEX ix_delivery_conflicts_received_at ON dbo.delivery_conflicts (received_at);
GO
CREATE INDEX ix_rejected_deliveries_received_at ON dbo.rejected_deliveries (received_at);
