package io.resellhub.reselling.tariff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.localinfra.RealInfrastructure;
import io.resellhub.reselling.RealInfrastructureProfile;

/**
 * The rebuild rule on a real consumer of the real {@code tariffs} topic with committed offsets at its end:
 * an empty read model sends the consumer back to the beginning (and forgets processed events), a filled
 * one leaves it where it was. The table itself is shared with the running service, so emptiness is
 * decided by the test instead of by truncating it.
 */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class TariffRebuildListenerTest {

    @Test
    void emptyReadModelReplaysTheTopicFromTheBeginning() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            // An event type the service ignores, so the topic is not empty whatever ran before.
            String key = UUID.randomUUID().toString();
            producer.send(new ProducerRecord<>("tariffs", key, """
                    {"id":"%s","type":"tariff.rebuild-probe","source":"test","subject":"%s",
                     "time":"2026-11-26T07:00:00Z","dataVersion":1,"data":{}}""".formatted(UUID.randomUUID(), key))).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "rebuild-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("tariffs", Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            consumer.commitSync();
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            assertTrue(partitions.stream().anyMatch(p -> end.get(p) > beginning.get(p)), "the topic has records");

            AtomicBoolean forgotten = new AtomicBoolean();
            new Listener(false, forgotten).onPartitionsAssigned(consumer, partitions);
            for (TopicPartition p : partitions) {
                assertEquals(end.get(p), consumer.position(p), "a filled read model keeps the committed offset");
            }
            assertTrue(!forgotten.get());

            new Listener(true, forgotten).onPartitionsAssigned(consumer, partitions);
            for (TopicPartition p : partitions) {
                assertEquals(beginning.get(p), consumer.position(p), "an empty read model replays from the beginning");
            }
            assertTrue(forgotten.get(), "processed tariff events are forgotten so the replay is applied");
        }
    }

    /** The real listener with the table's emptiness and the processed-event reset decided by the test. */
    private static final class Listener extends TariffRebuildListener {
        private final boolean empty;
        private final AtomicBoolean forgotten;

        Listener(boolean empty, AtomicBoolean forgotten) {
            super(null);
            this.empty = empty;
            this.forgotten = forgotten;
        }

        @Override
        boolean projectionEmpty() {
            return empty;
        }

        @Override
        void forgetProcessedEvents() {
            forgotten.set(true);
        }
    }
}
