package io.resellhub.tariff.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.commons.outbox.Outbox;
import io.resellhub.localinfra.ManagementInterface;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * With no broker reachable the service stays ready and live, serves its API and keeps events in the outbox;
 * Kafka shows DOWN in its own health group only, and the backlog shows in the metrics.
 */
@QuarkusTest
@TestProfile(KafkaUnreachableProfile.class)
class ReadinessWithoutKafkaTest {

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Test
    void aBrokerOutageLeavesTheServiceReadyAndLiveAndShowsApart() {
        String management = ManagementInterface.url();
        given().when().get(management + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", not(hasItem(containsString("Kafka"))))
                .body("checks.name", not(hasItem(containsString("messaging"))));
        given().when().get(management + "/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", not(hasItem(containsString("Kafka"))))
                .body("checks.name", not(hasItem(containsString("Database"))));
        given().when().get(management + "/q/health/group/kafka").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks[0].name", containsString("Kafka")).body("checks[0].data.outboxRelayActive", equalTo(true));
        // The API works; the event of a change waits in the outbox.
        given().when().get("/tariffs?page=0&size=5").then().statusCode(200);
        String aggregateId = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> outbox.publish("tariffs", "test.waiting-for-kafka", aggregateId,
                Map.of("version", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().when().get(management + "/q/metrics").then().extract().asString()
                .lines().anyMatch(line -> line.startsWith("resellhub_outbox_backlog ") && !line.endsWith(" 0.0")));
        given().when().get(management + "/q/health/ready").then().statusCode(200);
        long unsent = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM outbox WHERE aggregate_id = ?1 AND sent_at IS NULL").setParameter(1, aggregateId)
                .getSingleResult()).longValue());
        org.junit.jupiter.api.Assertions.assertEquals(1, unsent, "the event waits for the broker");
    }
}
