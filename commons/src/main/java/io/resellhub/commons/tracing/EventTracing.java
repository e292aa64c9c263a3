package io.resellhub.commons.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs a consumer's handling of Kafka records in a span that joins the trace of the request that caused them:
 * the parent is the context the outbox stored with the event ({@link TraceHeaders}). While the span is current,
 * every log line carries its trace and span id (MDC), and events the handling writes to the outbox carry it on.
 */
@ApplicationScoped
public class EventTracing {

    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("messaging.batch.message_count");

    private final Tracer tracer;

    public EventTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Runs {@code work} for one record of {@code topic} in a span whose parent is the record's sender. */
    public void process(String topic, Headers headers, Runnable work) {
        process(topic, headers, () -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} for one record of {@code topic} in a span whose parent is the record's sender. */
    public <T> T process(String topic, Headers headers, Supplier<T> work) {
        return inSpan(span(topic).setParent(TraceHeaders.extract(headers)), work);
    }

    /** {@link #processBatch(String, Iterable, Supplier)} for a batch as a batch consumer method receives it. */
    public <T> T processBatch(KafkaRecordBatch<?, ?> batch, Supplier<T> work) {
        List<Headers> headers = new ArrayList<>(batch.getRecords().size());
        String topic = null;
        for (KafkaRecord<?, ?> record : batch) {
            headers.add(record.getHeaders());
            topic = record.getTopic();
        }
        return processBatch(topic == null ? "kafka" : topic, headers, work);
    }

    /**
     * Runs {@code work} for a batch of records of {@code topic} in one span. A batch whose records all belong to
     * one trace (one request's events, or a batch of one) joins that trace; a batch mixing traces starts a trace of
     * its own, linked to each record's sender, so a trace viewer still leads from the batch to every request.
     */
    public <T> T processBatch(String topic, Iterable<Headers> records, Supplier<T> work) {
        List<SpanContext> senders = new ArrayList<>();
        long count = 0;
        for (Headers headers : records) {
            count++;
            SpanContext sender = TraceHeaders.sender(headers);
            if (sender.isValid()) {
                senders.add(sender);
            }
        }
        SpanBuilder builder = span(topic).setAttribute(BATCH_SIZE, count);
        if (!senders.isEmpty() && oneTrace(senders)) {
            builder.setParent(Context.root().with(Span.wrap(senders.get(0))));
        } else {
            builder.setNoParent();
            senders.forEach(builder::addLink);
        }
        return inSpan(builder, work);
    }

    private static boolean oneTrace(List<SpanContext> senders) {
        String traceId = senders.get(0).getTraceId();
        for (SpanContext sender : senders) {
            if (!sender.getTraceId().equals(traceId)) {
                return false;
            }
        }
        return true;
    }

    private SpanBuilder span(String topic) {
        return tracer.spanBuilder(topic + " process").setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, "kafka").setAttribute(DESTINATION, topic);
    }

    private static <T> T inSpan(SpanBuilder builder, Supplier<T> work) {
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }
}
