-- The W3C trace context (traceparent, tracestate) of the request that delivered the row: the relay publishes it,
-- after the request was answered, as a child of that request's trace. NULL when nobody traced the request, and on
-- rows written before this migration (those are published as the start of a trace of their own).
ALTER TABLE outbox_deliveries ADD COLUMN trace_parent TEXT NULL;
ALTER TABLE outbox_deliveries ADD COLUMN trace_state TEXT NULL;
