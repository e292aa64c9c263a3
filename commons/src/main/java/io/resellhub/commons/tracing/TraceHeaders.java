package io.resellhub.commons.tracing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The W3C trace context ({@code traceparent}, {@code tracestate}) as it travels with an event: taken from the
 * current span when the outbox row is written, stored in the row, sent as Kafka record headers by the relay and
 * read back by the consumer ({@link EventTracing}). Formatting and parsing only: nothing here starts a span.
 */
public final class TraceHeaders {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private TraceHeaders() {
    }

    /** The trace context stored with an outbox row; both null when the row was written outside any trace. */
    public record Stored(String traceparent, String tracestate) {
        public static final Stored NONE = new Stored(null, null);
    }

    /** The context of the span current on this thread, ready to store; {@link Stored#NONE} without a valid one. */
    public static Stored current() {
        Context context = Context.current();
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return Stored.NONE;
        }
        Map<String, String> headers = new HashMap<>(4);
        W3C.inject(context, headers, Map::put);
        return new Stored(headers.get(TRACEPARENT), headers.get(TRACESTATE));
    }

    /** Adds the stored context to a Kafka record's headers (nothing when none was stored). */
    public static void addTo(Headers headers, String traceparent, String tracestate) {
        if (traceparent == null) {
            return;
        }
        headers.add(TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        if (tracestate != null && !tracestate.isEmpty()) {
            headers.add(TRACESTATE, tracestate.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * The context of the span that wrote the event, from a Kafka record's headers; the root context when they
     * carry none or a malformed one (the consumer then starts a trace of its own).
     */
    public static Context extract(Headers headers) {
        return headers == null ? Context.root() : W3C.extract(Context.root(), headers, KAFKA_HEADERS);
    }

    /** The sending span's context from a Kafka record's headers; invalid when they carry none. */
    public static SpanContext sender(Headers headers) {
        return Span.fromContext(extract(headers)).getSpanContext();
    }

    private static final TextMapGetter<Headers> KAFKA_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> keys = new ArrayList<>();
            for (Header header : carrier) {
                keys.add(header.key());
            }
            return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
            if (carrier == null) {
                return null;
            }
            Header header = carrier.lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.US_ASCII);
        }
    };
}
