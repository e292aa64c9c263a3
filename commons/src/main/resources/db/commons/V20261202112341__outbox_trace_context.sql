-- The W3C trace context (traceparent, tracestate) of the span that wrote the event, in the same transaction:
-- OutboxRelay sends it as Kafka record headers and the consumer's span continues that trace (EventTracing).
-- Null for rows written outside any trace (older rows, scheduled jobs).
ALTER TABLE outbox ADD COLUMN traceparent text, ADD COLUMN tracestate text;
