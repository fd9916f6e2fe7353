-- The W3C trace context (traceparent, tracestate) of the request that delivered the row: the relay publishes it,
-- after the request was answered, as a child of that request's trace. NULL when nobody traced the request, and on
-- rows written before this migration (those are published as the start of a trace of their own).
ALTER TABLE dbo.outbox_deliveries ADD
    trace_parent VARCHAR(55)  NULL,  -- version 00: 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>
    trace_state  VARCHAR(512) NULL;  -- longer ones are not kept (W3C lets a hop drop them)
