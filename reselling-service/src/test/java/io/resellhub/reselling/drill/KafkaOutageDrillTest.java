package io.resellhub.reselling.drill;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Drill: the broker stops for (at least) 20 s while 5,000 tariffs are enabled in bulk, 500 per request, then
 * comes back on the same port and data. The API answers throughout, readiness stays up, the catalog holds exactly the enabled set at once,
 * and once the broker is back the outbox drains: every tariff's {@code tariff.enabled} reaches {@code reselling}
 * (a consumer that keeps one effect per event id and version ends with exactly the enabled set, each applied
 * once). Runs on a broker and a database of its own ({@link DrillInfrastructure}).
 */
@QuarkusTest
@TestProfile(DrillInfrastructure.Profile.class)
class KafkaOutageDrillTest {

    private static final int TARIFFS = 5_000;
    private static final int PER_REQUEST = 500;
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager entityManager;

    @Test
    void kafkaStoppedForTwentySecondsDuringABulkEnableOfFiveThousandTariffs() throws Exception {
        String productType = "drill-" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> ids = projectTariffs(productType);
        await().atMost(Duration.ofSeconds(30)).until(() -> unsent() == 0);

        DrillInfrastructure.stopKafka();
        long outageStarted = System.nanoTime();
        int enabled = 0;
        for (int from = 0; from < ids.size(); from += PER_REQUEST) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + PER_REQUEST));
            String body = chunk.stream().map(id -> "\"" + id + "\"")
                    .collect(Collectors.joining(",", "{\"ids\":[", "],\"allowBelowCost\":false}"));
            List<String> statuses = given().contentType(ContentType.JSON).body(body).when().post("/tariffs/enable")
                    .then().statusCode(200).extract().path("results.status");
            enabled += (int) statuses.stream().filter("enabled"::equals).count();
            given().when().get("/q/health/ready").then().statusCode(200);
        }
        long enableMs = (System.nanoTime() - outageStarted) / 1_000_000;
        assertEquals(TARIFFS, enabled);
        assertEquals(TARIFFS, (int) given().when().get("/catalog?productType=" + productType + "&size=1").then()
                .statusCode(200).extract().path("total"), "the catalog holds the enabled set during the outage");
        long waiting = unsent();
        assertEquals(TARIFFS, waiting, "every event waits in the outbox");
        given().when().get("/q/health/group/kafka").then().statusCode(503);
        long remaining = OUTAGE.toMillis() - (System.nanoTime() - outageStarted) / 1_000_000;
        if (remaining > 0) {
            Thread.sleep(remaining);
        }

        long outageMs = (System.nanoTime() - outageStarted) / 1_000_000;
        DrillInfrastructure.startKafka();
        long restarted = System.nanoTime();
        await().atMost(Duration.ofSeconds(120)).until(() -> unsent() == 0);
        long drainMs = (System.nanoTime() - restarted) / 1_000_000;

        // What a consumer of reselling does: one effect per event id, the newest version per tariff wins.
        List<ConsumerRecord<String, String>> records = readReselling(productType, ids.size());
        Set<String> eventIds = new HashSet<>();
        Map<String, Long> versionByTariff = new HashMap<>();
        Map<String, String> typeByTariff = new HashMap<>();
        int applied = 0;
        for (ConsumerRecord<String, String> record : records) {
            JsonNode event = JSON.readTree(record.value());
            if (!eventIds.add(event.get("id").asText())) {
                continue;
            }
            long version = event.get("data").get("version").asLong();
            if (versionByTariff.getOrDefault(record.key(), -1L) < version) {
                versionByTariff.put(record.key(), version);
                typeByTariff.put(record.key(), event.get("type").asText());
                applied++;
            }
        }
        Set<String> expected = ids.stream().map(UUID::toString).collect(Collectors.toSet());
        assertEquals(expected, typeByTariff.keySet(), "every enabled tariff was announced");
        assertTrue(typeByTariff.values().stream().allMatch("tariff.enabled"::equals));
        assertEquals(TARIFFS, applied, "each tariff's event applied once");
        System.out.printf("Drill kafka-outage: %d tariffs enabled in %d ms with the broker down (%d events waiting);"
                + " broker down %d ms; outbox drained %d ms after the restart; %d records on reselling, %d distinct"
                + " events, %d duplicates, %d applied%n", TARIFFS, enableMs, waiting, outageMs, drainMs,
                records.size(), eventIds.size(), records.size() - eventIds.size(), applied);
    }

    private List<UUID> projectTariffs(String productType) {
        UUID moduleId = UUID.randomUUID();
        @SuppressWarnings("unchecked")
        List<Object> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                INSERT INTO tariff_view (id, processing_module_id, upstream_tariff_id, product_type, name, provider,
                    prices, upstream_available, upstream_removed, below_cost, version, updated_at)
                SELECT gen_random_uuid(), ?1, g::text, ?2, 'Drill ' || g, 'Drill',
                       '[{"period":12,"amount":"15.00","currency":"USD","upstreamCost":"10.00"}]'::jsonb,
                       true, false, false, 0, now()
                FROM generate_series(1, ?3) AS g
                RETURNING id""").setParameter(1, moduleId).setParameter(2, productType).setParameter(3, TARIFFS)
                .getResultList());
        return rows.stream().map(id -> (UUID) id).toList();
    }

    private long unsent() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM outbox WHERE sent_at IS NULL").getSingleResult()).longValue());
    }

    private static List<ConsumerRecord<String, String>> readReselling(String productType, int atLeast) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DrillInfrastructure.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor("reselling", Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && record.value().contains(productType)) {
                        records.add(record);
                    }
                }
            }
        }
        assertTrue(records.size() >= atLeast, records.size() + " records");
        return records;
    }
}
