package io.resellhub.reselling.metrics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.localinfra.ManagementInterface;
import io.resellhub.localinfra.RealInfrastructure;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import io.resellhub.reselling.RealInfrastructureProfile;

/**
 * What an operator reads at {@code /q/metrics} (on the management port) to see the event plumbing's faults: the
 * outbox backlog and the age of its oldest unsent row, events published, which replica's relay is active,
 * consumer redeliveries and dead letters, and the orders pending.
 */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class OperatorMetricsTest {

    KafkaProducer<String, String> producer;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void createProducer() {
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void outboxGaugesAndTheActiveRelayAreExposed() {
        await().atMost(Duration.ofSeconds(30)).until(() -> value("resellhub_outbox_relay_active") == 1.0);
        String metrics = metrics();
        assertTrue(metrics.contains("\nresellhub_outbox_backlog "), "backlog rows");
        assertTrue(metrics.contains("\nresellhub_outbox_oldest_unsent_age_seconds "), "age of the oldest unsent row");
        assertTrue(metrics.contains("\nresellhub_outbox_published_total "), "events published");
    }

    @Test
    void aRedeliveredEventIsCountedPerConsumer() throws Exception {
        String series = "resellhub_consumer_redeliveries_total{consumer=\"reselling-service.processing-modules\"}";
        double before = value(series);
        UUID moduleId = UUID.randomUUID();
        String event = """
                {"id":"%s","type":"processing-module.created","source":"module-service","subject":"%s",
                 "time":"2026-11-26T07:00:00Z","dataVersion":1,"data":{"id":"%s","productType":"ssl-certificate",
                 "name":"Counted","sort":0,"version":0,"deleted":false}}""".formatted(UUID.randomUUID(), moduleId, moduleId);
        producer.send(new ProducerRecord<>("processing-modules", moduleId.toString(), event)).get();
        producer.send(new ProducerRecord<>("processing-modules", moduleId.toString(), event)).get();
        await().atMost(Duration.ofSeconds(60)).until(() -> value(series) >= before + 1);
        assertEquals(before + 1, value(series));
    }

    @Test
    void aDeadLetterIsCountedPerTopic() throws Exception {
        String series = "resellhub_consumer_dead_letters_total{topic=\"tariffs.dlq\"}";
        double before = value(series);
        producer.send(new ProducerRecord<>("tariffs", UUID.randomUUID().toString(), "{not json")).get();
        await().atMost(Duration.ofSeconds(60)).until(() -> value(series) >= before + 1);
        assertEquals(before + 1, value(series));
    }

    @Test
    void everyDeadLetterTopicHasItsSeriesFromTheStart() {
        String metrics = metrics();
        for (String topic : new String[] {"processing-modules.dlq", "tariffs.dlq", "provisioning-results.dlq"}) {
            assertTrue(metrics.contains("\nresellhub_consumer_dead_letters_total{topic=\"" + topic + "\"} "), topic);
        }
    }

    @Test
    void aPendingOrderShowsInTheCountAndTheAgeOfTheOldest() {
        UUID orderId = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                INSERT INTO customer_order (id, tariff_id, processing_module_id, upstream_tariff_id, product_type,
                    period, customer_ref, params, upstream_params, amount, currency, status, last_action,
                    last_action_id, last_action_status, version, created_at, updated_at)
                VALUES (?1, ?2, ?2, 'p1', 'ssl-certificate', 12, 'metrics-test', '{}', '{}', 1, 'USD', 'PENDING',
                    'order', ?2, 'PENDING', 0, now() - interval '1 day', now() - interval '1 day')""")
                .setParameter(1, orderId).setParameter(2, UUID.randomUUID()).executeUpdate());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> value("resellhub_orders_pending_oldest_age_seconds")
                    >= Duration.ofDays(1).toSeconds());
            assertTrue(value("resellhub_orders_pending") >= 1, "the pending order is counted");
        } finally {
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                    "DELETE FROM customer_order WHERE id = ?1").setParameter(1, orderId).executeUpdate());
        }
    }

    private static String metrics() {
        return "\n" + given().when().get(ManagementInterface.url() + "/q/metrics").then().statusCode(200).extract()
                .asString();
    }

    /** The value of one series (name with its labels as Prometheus prints them), 0 while it does not exist. */
    private static double value(String series) {
        return metrics().lines()
                .filter(line -> line.startsWith(series + " ") || (!series.contains("{") && line.startsWith(series + "{")))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
