package io.resellhub.reselling.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.localinfra.RealInfrastructure;
import io.resellhub.reselling.RealInfrastructureProfile;
import io.resellhub.reselling.messaging.TariffKafka.Tariff;
import io.resellhub.reselling.service.TariffProjection.Change;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import io.resellhub.reselling.service.TariffProjection;

/**
 * A rebuild of the tariff read model from the {@code tariffs} topic: the test empties this test's rows of
 * {@code tariff_view}, forgets their processed events (what {@link TariffRebuildListener} does before it seeks
 * to the beginning) and replays every record of the topic through the consumer's own decoding and projection,
 * one record per transaction, the worst case for old versions. Every tariff comes back at its latest version,
 * and an old {@code upstreamRemoved} version on the way never takes a tariff off sale whose latest state is
 * sellable.
 */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class TariffRebuildTest {

    @Inject
    TariffEventsConsumer consumer;

    @Inject
    TariffProjection projection;

    @Inject
    EntityManager entityManager;

    TariffKafka kafka;
    UUID moduleId;
    String productType;

    @BeforeEach
    void setUp() {
        kafka = new TariffKafka();
        moduleId = UUID.randomUUID();
        productType = "r-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    @Test
    void aRebuildRestoresEveryTariffAndNeverTakesASellableOneOffSale() throws Exception {
        List<Tariff> latest = new ArrayList<>();
        List<UUID> events = new ArrayList<>();
        // Ten plain tariffs, ten that were removed upstream once and came back, all enabled now.
        for (int i = 0; i < 20; i++) {
            Tariff t = Tariff.of(moduleId, productType, "Tariff " + i);
            events.add(kafka.sendTariff("tariff.imported", t));
            if (i % 2 == 1) {
                t = t.next(t.name(), t.amount(), true, true);
                events.add(kafka.sendTariff("tariff.upstream-changed", t));
                t = t.next("Back " + i, "17.00", true, false);
                events.add(kafka.sendTariff("tariff.upstream-changed", t));
            }
            latest.add(t);
        }
        for (Tariff t : latest) {
            awaitVersion(t.id(), t.version());
        }
        List<UUID> sellable = latest.stream().map(Tariff::id).toList();
        enable(sellable);
        // One more, enabled and then removed upstream: its latest state is not sellable.
        Tariff gone = Tariff.of(moduleId, productType, "Gone");
        events.add(kafka.sendTariff("tariff.imported", gone));
        awaitVersion(gone.id(), 0);
        enable(List.of(gone.id()));
        gone = gone.next(gone.name(), gone.amount(), true, true);
        events.add(kafka.sendTariff("tariff.upstream-changed", gone));
        UUID goneId = gone.id();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> state(goneId).body("enabled", equalTo(false)));
        latest.add(gone);
        assertEquals(20, catalogSize());

        Set<String> keys = latest.stream().map(t -> t.id().toString()).collect(Collectors.toSet());
        forget(latest.stream().map(Tariff::id).toList(), events);
        int replayed = replay(keys);
        assertEquals(20 + 2 * 10 + 2, replayed, "every record of these tariffs was replayed");

        for (Tariff t : latest) {
            state(t.id()).body("version", equalTo((int) t.version())).body("name", equalTo(t.name()));
        }
        for (UUID id : sellable) {
            state(id).body("enabled", equalTo(true)).body("inCatalog", equalTo(true));
        }
        state(goneId).body("enabled", equalTo(false)).body("reason", equalTo("upstream-removed"));
        assertEquals(20, catalogSize());
    }

    /** Empties these tariffs' rows of the read model and forgets their processed events, as a rebuild starts. */
    private void forget(List<UUID> ids, List<UUID> eventIds) {
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("DELETE FROM tariff_view WHERE id IN (?1)").setParameter(1, ids)
                    .executeUpdate();
            entityManager.createNativeQuery("DELETE FROM processed_event WHERE consumer = ?1 AND event_id IN (?2)")
                    .setParameter(1, TariffProjection.CONSUMER).setParameter(2, eventIds).executeUpdate();
        });
    }

    /** Reads the topic from the beginning and projects the records of {@code keys}, one per transaction. */
    private int replay(Set<String> keys) {
        int replayed = 0;
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor("tariffs", Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            Set<TopicPartition> done = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (done.size() < partitions.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(200))) {
                    if (keys.contains(record.key())) {
                        consumer.decode(record.value()).ifPresent(change -> projection.apply(List.<Change>of(change)));
                        replayed++;
                    }
                }
                partitions.stream().filter(p -> reader.position(p) >= end.get(p)).forEach(done::add);
            }
        }
        return replayed;
    }

    private int catalogSize() {
        return given().when().get("/catalog?productType=" + productType).then().statusCode(200).extract().path("total");
    }

    private void awaitVersion(UUID id, long version) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var response = given().when().get("/tariffs/" + id + "/reselling-state");
            return response.statusCode() == 200 && response.jsonPath().getLong("version") == version;
        });
    }

    private static io.restassured.response.ValidatableResponse state(UUID id) {
        return given().when().get("/tariffs/" + id + "/reselling-state").then().statusCode(200);
    }

    private static void enable(List<UUID> ids) {
        String body = ids.stream().map(id -> "\"" + id + "\"")
                .collect(Collectors.joining(",", "{\"ids\":[", "],\"allowBelowCost\":false}"));
        given().contentType(ContentType.JSON).body(body).when().post("/tariffs/enable").then().statusCode(200);
        ids.forEach(id -> state(id).body("enabled", equalTo(true)));
    }
}
