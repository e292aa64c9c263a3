package io.resellhub.commons.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;

/**
 * The trace context an outbox row stores (the writer's span) comes back, through Kafka headers, as the parent of
 * the consumer's span: same trace, the writer's span as parent; tracestate kept; no context, a new trace.
 */
class EventTracingTest {

    private final SdkTracerProvider provider = SdkTracerProvider.builder().build();
    private final Tracer tracer = provider.get("test");
    private final EventTracing tracing = new EventTracing(tracer);

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void theConsumerSpanContinuesTheTraceTheOutboxRowStored() {
        Span writer = tracer.spanBuilder("POST /processing-modules").startSpan();
        TraceHeaders.Stored stored;
        try (Scope ignored = writer.makeCurrent()) {
            stored = TraceHeaders.current();
        } finally {
            writer.end();
        }
        SpanContext written = writer.getSpanContext();
        assertEquals("00-" + written.getTraceId() + "-" + written.getSpanId() + "-01", stored.traceparent());
        assertNull(stored.tracestate(), "no tracestate when the writer had none");

        Headers headers = new RecordHeaders();
        TraceHeaders.addTo(headers, stored.traceparent(), stored.tracestate());
        ReadableSpan consumer = tracing.process("processing-modules", headers, EventTracingTest::currentSpan);

        assertEquals(written.getTraceId(), consumer.getSpanContext().getTraceId());
        assertEquals(written.getSpanId(), consumer.getParentSpanContext().getSpanId());
        assertTrue(consumer.getParentSpanContext().isRemote());
        assertNotEquals(written.getSpanId(), consumer.getSpanContext().getSpanId());
        assertTrue(consumer.hasEnded(), "the span ends with the handling");
        assertFalse(Span.current().getSpanContext().isValid(), "and is no longer current afterwards");
    }

    @Test
    void tracestateTravelsAlong() {
        SpanContext caller = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.builder().put("vendor", "v1").build());
        TraceHeaders.Stored stored;
        try (Scope ignored = Context.root().with(Span.wrap(caller)).makeCurrent()) {
            stored = TraceHeaders.current();
        }
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", stored.traceparent());
        assertEquals("vendor=v1", stored.tracestate());

        Headers headers = new RecordHeaders();
        TraceHeaders.addTo(headers, stored.traceparent(), stored.tracestate());
        assertEquals("vendor=v1", new String(headers.lastHeader("tracestate").value(), StandardCharsets.US_ASCII));
        assertEquals("v1", TraceHeaders.sender(headers).getTraceState().get("vendor"));
    }

    @Test
    void withoutATraceNothingIsStoredAndTheConsumerStartsItsOwn() {
        TraceHeaders.Stored stored = TraceHeaders.current();
        assertSame(TraceHeaders.Stored.NONE, stored);
        Headers headers = new RecordHeaders();
        TraceHeaders.addTo(headers, stored.traceparent(), stored.tracestate());
        assertFalse(headers.iterator().hasNext(), "no headers for a row without a trace");

        ReadableSpan consumer = tracing.process("tariffs", headers, EventTracingTest::currentSpan);
        assertTrue(consumer.getSpanContext().isValid());
        assertFalse(consumer.getParentSpanContext().isValid(), "a root span");
    }

    @Test
    void aMalformedTraceparentStartsANewTraceInsteadOfFailing() {
        Headers headers = new RecordHeaders();
        headers.add("traceparent", "00-not-a-trace-01".getBytes(StandardCharsets.US_ASCII));
        ReadableSpan consumer = tracing.process("tariffs", headers, EventTracingTest::currentSpan);
        assertTrue(consumer.getSpanContext().isValid());
        assertFalse(consumer.getParentSpanContext().isValid());
    }

    @Test
    void aBatchOfOneTraceJoinsItAndAMixedBatchLinksEachSender() {
        Headers first = headers("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331");
        Headers second = headers("0af7651916cd43dd8448eb211c80319c", "c7ad6b7169203332");
        Headers other = headers("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");

        ReadableSpan joined = tracing.processBatch("provisioning-requests", List.of(first, second),
                EventTracingTest::currentSpan);
        assertEquals("0af7651916cd43dd8448eb211c80319c", joined.getSpanContext().getTraceId());
        assertEquals("b7ad6b7169203331", joined.getParentSpanContext().getSpanId());

        ReadableSpan mixed = tracing.processBatch("provisioning-requests", List.of(first, other, new RecordHeaders()),
                EventTracingTest::currentSpan);
        assertFalse(mixed.getParentSpanContext().isValid(), "a trace of its own");
        assertEquals(List.of("0af7651916cd43dd8448eb211c80319c", "4bf92f3577b34da6a3ce929d0e0e4736"),
                mixed.toSpanData().getLinks().stream().map(LinkData::getSpanContext).map(SpanContext::getTraceId)
                        .toList());
        assertEquals(3L, mixed.getAttribute(EventTracing.BATCH_SIZE));
    }

    @Test
    void aFailureIsRecordedAndTheSpanStillEnds() {
        ReadableSpan[] seen = new ReadableSpan[1];
        RuntimeException failure = new IllegalStateException("database down");
        assertSame(failure, assertThrows(IllegalStateException.class,
                () -> tracing.process("tariffs", new RecordHeaders(), () -> {
                    seen[0] = currentSpan();
                    throw failure;
                })));
        assertTrue(seen[0].hasEnded());
        assertEquals(io.opentelemetry.api.trace.StatusCode.ERROR, seen[0].toSpanData().getStatus().getStatusCode());
    }

    private static Headers headers(String traceId, String spanId) {
        Headers headers = new RecordHeaders();
        TraceHeaders.addTo(headers, "00-" + traceId + "-" + spanId + "-01", null);
        return headers;
    }

    private static ReadableSpan currentSpan() {
        return (ReadableSpan) Span.current();
    }
}
