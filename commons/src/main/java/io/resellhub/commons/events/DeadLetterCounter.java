package io.resellhub.commons.events;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import io.micrometer.core.instrument.Metrics;

/**
 * Counts the records a consumer parks in its dead-letter topic, as metric {@code resellhub.consumer.dead.letters}
 * tagged with that topic. A Kafka producer interceptor of the connector's dead-letter producer
 * ({@code mp.messaging.incoming.<channel>.dead-letter-queue.interceptor.classes}); Kafka instantiates it, so it
 * reaches Micrometer through the global registry, which Quarkus' registries are part of.
 */
public class DeadLetterCounter implements ProducerInterceptor<Object, Object> {

    public static final String METRIC = "resellhub.consumer.dead.letters";

    /** Registers the series of {@code topic} at 0, so it exists before the first dead letter. */
    public static void register(String topic) {
        Metrics.globalRegistry.counter(METRIC, "topic", topic);
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        Metrics.globalRegistry.counter(METRIC, "topic", record.topic()).increment();
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        // counted on send: a dead letter that cannot be written fails the consumer loudly anyway
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // no settings
    }
}
