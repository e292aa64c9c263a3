package io.resellhub.tariff.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.commons.events.EventCodec;
import io.resellhub.commons.events.EventEnvelope;
import io.resellhub.commons.outbox.Outbox;
import io.resellhub.localinfra.RealInfrastructure;
import io.resellhub.tariff.RealInfrastructureProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** The outbox of commons, end to end on the real database and broker. */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class OutboxRelayTest {

    @Inject
    Outbox outbox;

    @Inject
    EventCodec codec;

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper mapper;

    @Test
    void committedEventIsPublishedKeyedByAggregateAndMarkedSent() throws Exception {
        String aggregateId = UUID.randomUUID().toString();
        UUID eventId = QuarkusTransaction.requiringNew().call(() -> outbox.publish("tariffs", "test.happened",
                aggregateId, Map.of("answer", 42)));

        ConsumerRecord<String, String> record = consumeOne("tariffs", aggregateId);
        JsonNode envelope = mapper.readTree(record.value());
        assertEquals(eventId.toString(), envelope.get("id").asText());
        assertEquals("test.happened", envelope.get("type").asText());
        assertEquals("tariff-service", envelope.get("source").asText());
        assertEquals(aggregateId, envelope.get("subject").asText());
        assertEquals(1, envelope.get("dataVersion").asInt());
        assertEquals(42, envelope.get("data").get("answer").asInt());
        assertNotNull(envelope.get("time").asText());
        // What the outbox writes is what every consumer reads.
        EventEnvelope read = codec.read(record.value());
        assertEquals(eventId, read.id());
        assertEquals(42, codec.data(read, 1, JsonNode.class).get("answer").asInt());

        await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                entityManager.createNativeQuery("SELECT sent_at FROM outbox WHERE event_id = ?1")
                        .setParameter(1, eventId).getSingleResult()) != null);
    }

    @Test
    void rolledBackChangeLeavesNoEvent() {
        String aggregateId = UUID.randomUUID().toString();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                outbox.publish("tariffs", "test.rolled-back", aggregateId, Map.of());
                throw new IllegalStateException("the state change failed");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM outbox WHERE aggregate_id = ?1").setParameter(1, aggregateId)
                .getSingleResult()).longValue());
        assertEquals(0, rows);
    }

    private static ConsumerRecord<String, String> consumeOne(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }
}
