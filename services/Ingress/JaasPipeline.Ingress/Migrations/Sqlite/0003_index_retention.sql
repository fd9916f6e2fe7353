-- Retention deletes conflicts and rejected deliveries by age: these indexes find the due rows without a table scan.
CREATE INDEX IF NOT EXISTS ix_delivery_conflicts_received_at ON delivery_conflicts (received_at);
CREATE INDEX IF NOT EXISTS ix_rejected_deliveries_received_at ON rejected_deliveries (received_at);
