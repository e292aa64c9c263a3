package io.resellhub.reselling.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.localinfra.EventContracts;
import io.resellhub.localinfra.RealInfrastructure;
import io.resellhub.reselling.RealInfrastructureProfile;
import io.resellhub.reselling.messaging.OrderEvents;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import io.resellhub.reselling.repository.CatalogRepository;
import io.resellhub.reselling.service.OrderService;

/** Orders against the real PostgreSQL and Kafka; module-service's answers are published by the test. */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class OrderApiTest {

    private static final String RESULTS_DLQ = OrderEvents.RESULTS_TOPIC + ".dlq";

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper mapper;

    @Inject
    OrderService orderService;

    @Inject
    CatalogRepository catalog;

    final UUID module = UUID.randomUUID();
    final UUID license = UUID.randomUUID();
    final UUID certificate = UUID.randomUUID();
    final UUID moduleTariff = UUID.randomUUID();
    final UUID disabled = UUID.randomUUID();
    final String customer = "c-" + UUID.randomUUID();
    KafkaConsumer<String, String> topic;
    final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    @BeforeEach
    void setUp() {
        QuarkusTransaction.requiringNew().run(() -> {
            tariff(license, "ispsystem-license", "11", true);
            tariff(certificate, "ssl-certificate", "22", true);
            tariff(moduleTariff, "ispsystem-module", "33", true);
            tariff(disabled, "ispsystem-license", "44", false);
        });
        topic = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reselling-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        topic.subscribe(List.of(OrderEvents.REQUESTS_TOPIC));
    }

    @AfterEach
    void tearDown() {
        topic.close();
    }

    private void tariff(UUID id, String productType, String upstreamId, boolean enabled) {
        entityManager.createNativeQuery("""
                INSERT INTO tariff_view (id, processing_module_id, upstream_tariff_id, product_type, name, provider, prices,
                    upstream_available, upstream_removed, below_cost, version, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, 'Test', CAST(?6 AS jsonb), true, false, false, 1, now())""")
                .setParameter(1, id).setParameter(2, module).setParameter(3, upstreamId).setParameter(4, productType)
                .setParameter(5, "Order test " + productType)
                .setParameter(6, "[{\"period\":12,\"amount\":\"15.00\",\"currency\":\"USD\",\"upstreamCost\":\"10.00\"},"
                        + "{\"period\":1,\"amount\":\"2.50\",\"currency\":\"USD\",\"upstreamCost\":\"1.00\"}]")
                .executeUpdate();
        entityManager.createNativeQuery("""
                INSERT INTO tariff_reselling_state (tariff_id, enabled, changed_at) VALUES (?1, ?2, now())""")
                .setParameter(1, id).setParameter(2, enabled).executeUpdate();
        // Orders sell what the catalog has on sale.
        catalog.refresh(List.of(id));
    }

    @Test
    void invalidOrdersAre422AndDisabledTariffs409() {
        order(Map.of("tariffId", license.toString(), "period", 12, "customerRef", customer, "params", Map.of()))
                .statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("params.ip"));
        order(Map.of("tariffId", license.toString(), "period", 6, "customerRef", customer,
                "params", Map.of("ip", "10.0.0.1")))
                .statusCode(422).body("errors.field", hasItem("period"))
                .body("errors.message", hasItem(containsString("does not sell period 6")));
        order(Map.of("tariffId", certificate.toString(), "period", 12, "customerRef", customer,
                "params", Map.of("ip", "10.0.0.1")))
                .statusCode(422).body("errors.field", hasItem("params.domain"));
        order(Map.of("tariffId", UUID.randomUUID().toString(), "period", 12, "customerRef", customer,
                "params", Map.of("ip", "10.0.0.1")))
                .statusCode(422).body("errors.field", hasItem("tariffId"));
        order(Map.of("tariffId", license.toString(), "period", 12, "params", Map.of("ip", "10.0.0.1")))
                .statusCode(422).body("errors.field", hasItem("customerRef"));
        order(Map.of("tariffId", disabled.toString(), "period", 12, "customerRef", customer,
                "params", Map.of("ip", "10.0.0.1")))
                .statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("/tariff-not-enabled")).body("detail", containsString("not enabled"));
        // Malformed and conflicting: the body's fault comes first.
        order(Map.of("tariffId", disabled.toString(), "period", 12, "customerRef", customer, "params", Map.of()))
                .statusCode(422);
        order(Map.of("tariffId", moduleTariff.toString(), "period", 12, "customerRef", customer,
                "params", Map.of("parentOrderId", UUID.randomUUID().toString())))
                .statusCode(422).body("errors.field", hasItem("params.parentOrderId"));
        // null inside params, a NUL in a text: 422 naming the field, never a 500.
        Map<String, Object> nullParam = new java.util.HashMap<>();
        nullParam.put("ip", null);
        order(Map.of("tariffId", license.toString(), "period", 12, "customerRef", customer, "params", nullParam))
                .statusCode(422).contentType("application/problem+json").body("errors.field", hasItem("params.ip"));
        order(Map.of("tariffId", license.toString(), "period", 12, "customerRef", "c\u0000",
                "params", Map.of("ip", "10.0.0.1")))
                .statusCode(422).body("errors.field", hasItem("customerRef"));
        given().when().get("/orders?customerRef=" + customer).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void anOrderIsAcceptedRequestedUpstreamAndBecomesActive() throws Exception {
        String id = order(Map.of("tariffId", license.toString(), "period", 12, "customerRef", customer,
                "params", Map.of("ip", "10.0.0.1")))
                .statusCode(202)
                .header("Location", containsString("/orders/"))
                .body("status", equalTo("pending"))
                .body("tariffId", equalTo(license.toString())).body("period", equalTo(12))
                .body("customerRef", equalTo(customer)).body("upstreamServiceId", nullValue())
                .body("lastAction.action", equalTo("order")).body("lastAction.status", equalTo("pending"))
                .body("amount", equalTo("15.00")).body("currency", equalTo("USD"))
                .body("createdAt", notNullValue())
                .extract().path("id");

        JsonNode requested = awaitRequested(id, "order");
        JsonNode data = requested.get("data");
        assertEquals(license.toString(), data.get("tariffId").asText());
        assertEquals(module.toString(), data.get("processingModuleId").asText());
        assertEquals("11", data.get("upstreamTariffId").asText());
        assertEquals("ispsystem-license", data.get("productType").asText());
        assertEquals(12, data.get("period").asInt());
        assertEquals("10.0.0.1", data.get("params").get("ip").asText());
        assertTrue(data.get("upstreamServiceId").isNull());
        String actionId = data.get("actionId").asText();

        String succeeded = result("provisioning.succeeded", id, "order", actionId,
                Map.of("upstreamServiceId", "5001", "serviceStatus", 2, "expiresAt", "2027-11-26", "licenseKey", "KEY-1"));
        publish(id, succeeded);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + id).then()
                .body("status", equalTo("active")));
        long version = given().when().get("/orders/" + id).then().statusCode(200)
                .body("upstreamServiceId", equalTo("5001")).body("licenseKey", equalTo("KEY-1"))
                .body("expiresAt", equalTo("2027-11-26T00:00:00Z")).body("failureReason", nullValue())
                .body("lastAction.status", equalTo("done"))
                .body("actions", hasSize(1)).body("actions[0].status", equalTo("done"))
                .extract().jsonPath().getLong("version");

        // The same result again, then a result for an action the order does not wait for: nothing changes.
        publish(id, succeeded);
        publish(id, result("provisioning.failed", id, "order", UUID.randomUUID().toString(),
                Map.of("reason", "stale", "kind", "UPSTREAM_ERROR")));
        UUID marker = markerAfter(id);
        await().atMost(Duration.ofSeconds(15)).until(() -> processed(marker));
        given().when().get("/orders/" + id).then().body("version", equalTo((int) version))
                .body("status", equalTo("active")).body("upstreamServiceId", equalTo("5001"));
    }

    @Test
    void resultsThatArriveWhileTheDatabaseIsDownAreAppliedOnceItIsBackAndNoneIsDeadLettered() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(placeLicense());
        }
        Map<String, String> actions = new HashMap<>();
        for (String id : ids) {
            actions.put(id, awaitRequested(id, "order").get("data").get("actionId").asText());
        }
        try (KafkaConsumer<String, String> dlq = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reselling-test-dlq-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            dlq.subscribe(List.of(RESULTS_DLQ));
            long start = System.nanoTime();
            try (java.sql.Connection admin = RealInfrastructure.postgres().connect("postgres")) {
                databaseDown(admin, true);
                for (String id : ids) {
                    publish(id, result("provisioning.succeeded", id, "order", actions.get(id),
                            Map.of("upstreamServiceId", "db-" + id.substring(0, 8), "serviceStatus", 2)));
                }
                await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(11)).until(() -> true);
                databaseDown(admin, false);
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> ids.stream()
                    .allMatch(id -> "active".equals(given().when().get("/orders/" + id).then().extract().path("status"))));
            System.out.printf("[drill] reselling database down 10 s while 20 results arrived: all active %d ms after"
                    + " the outage began%n", (System.nanoTime() - start) / 1_000_000);
            List<String> parked = new ArrayList<>();
            dlq.poll(Duration.ofSeconds(2)).forEach(r -> parked.add(r.value()));
            assertEquals(0, parked.stream().filter(v -> ids.stream().anyMatch(v::contains)).count(),
                    "no valid result dead-lettered: " + parked);
        }
    }

    private static List<String> typesOf(List<JsonNode> events, String orderId) {
        return events.stream().filter(e -> e.get("subject").asText().equals(orderId))
                .map(e -> e.get("type").asText()).toList();
    }

    /** Refuses (or allows again) every connection to this service's database, closing the open ones. */
    private static void databaseDown(java.sql.Connection admin, boolean down) throws Exception {
        try (java.sql.Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE reselling_service WITH ALLOW_CONNECTIONS " + !down);
            if (down) {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE datname = 'reselling_service' AND pid <> pg_backend_pid()");
            }
        }
    }

    @Test
    void anOrderWaitingTooLongIsAskedForAgainWithTheSameActionOnce() throws Exception {
        String id = placeLicense();
        String actionId = awaitRequested(id, "order").get("data").get("actionId").asText();

        int redriven = QuarkusTransaction.requiringNew().call(() -> orderService.redriveStuck(Duration.ZERO, 10_000));
        assertTrue(redriven >= 1);
        JsonNode again = awaitRequested(id, "order", 2);
        assertEquals(actionId, again.get("data").get("actionId").asText(), "the same action, asked again");
        assertEquals(0, (int) QuarkusTransaction.requiringNew()
                .call(() -> orderService.redriveStuck(Duration.ofMinutes(1), 10_000)), "not again within the threshold");

        publish(id, result("provisioning.succeeded", id, "order", actionId,
                Map.of("upstreamServiceId", "7001", "serviceStatus", 2)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + id).then()
                .body("status", equalTo("active")));
    }

    @Test
    void activatedFailedAndClosedOrdersArePublishedForOtherServices() throws Exception {
        try (KafkaConsumer<String, String> orders = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reselling-test-orders-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            orders.subscribe(List.of("orders"));
            String active = placeLicense();
            succeed(active, "order", Map.of("upstreamServiceId", "8001", "serviceStatus", 2, "expiresAt", "2027-05-01"));
            String failed = placeLicense();
            publish(failed, result("provisioning.failed", failed, "order", awaitRequested(failed, "order")
                    .get("data").get("actionId").asText(), Map.of("reason", "no money", "kind", "INSUFFICIENT_BALANCE")));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + active).then()
                    .body("status", equalTo("active")));
            given().when().post("/orders/" + active + "/close").then().statusCode(202);
            succeed(active, "close", Map.of("upstreamServiceId", "8001", "serviceStatus", 4));

            List<JsonNode> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> record : orders.poll(Duration.ofMillis(200))) {
                    events.add(EventContracts.check(record.value()));
                }
                return events.stream().filter(e -> List.of(active, failed).contains(e.get("subject").asText()))
                        .count() == 3;
            });
            assertEquals(List.of("order.activated", "order.closed"), typesOf(events, active), "in commit order");
            assertEquals(List.of("order.failed"), typesOf(events, failed));
            JsonNode activated = events.stream().filter(e -> e.get("type").asText().equals("order.activated")
                    && e.get("subject").asText().equals(active)).findFirst().orElseThrow();
            assertEquals("active", activated.get("data").get("status").asText());
            assertEquals("8001", activated.get("data").get("upstreamServiceId").asText());
            assertEquals(customer, activated.get("data").get("customerRef").asText());
            assertTrue(activated.get("data").get("version").asLong() >= 1);
        }
    }

    @Test
    void aParkedResultIsListedAndReplayedOnceToTheTopicItCameFrom() throws Exception {
        String id = placeLicense();
        String actionId = awaitRequested(id, "order").get("data").get("actionId").asText();
        String result = result("provisioning.succeeded", id, "order", actionId,
                Map.of("upstreamServiceId", "9001", "serviceStatus", 2));
        ProducerRecord<String, String> parked = new ProducerRecord<>(RESULTS_DLQ, id, result);
        parked.headers().add("dead-letter-topic", OrderEvents.RESULTS_TOPIC.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .add("dead-letter-reason", "database down".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(parked).get();
        }

        given().queryParam("topic", RESULTS_DLQ).when().get("/dead-letters").then().statusCode(200)
                .body("items.findAll { it.key == '" + id + "' }.size()", equalTo(1))
                .body("items.find { it.key == '" + id + "' }.fromTopic", equalTo(OrderEvents.RESULTS_TOPIC))
                .body("items.find { it.key == '" + id + "' }.reason", equalTo("database down"));
        given().queryParam("topic", "nothing.dlq").when().get("/dead-letters").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("topic"));

        int replayed = given().queryParam("topic", RESULTS_DLQ).when().post("/dead-letters/replay").then()
                .statusCode(200).extract().path("replayed");
        assertTrue(replayed >= 1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + id).then()
                .body("status", equalTo("active")).body("upstreamServiceId", equalTo("9001")));
        given().queryParam("topic", RESULTS_DLQ).when().get("/dead-letters").then().statusCode(200)
                .body("items.findAll { it.key == '" + id + "' }.size()", equalTo(0));
        assertEquals(0, (int) given().queryParam("topic", RESULTS_DLQ).when().post("/dead-letters/replay")
                .then().statusCode(200).extract().path("replayed"), "replayed once");
    }

    @Test
    void aFailedOrderShowsWhy() throws Exception {
        String id = placeLicense();
        String actionId = awaitRequested(id, "order").get("data").get("actionId").asText();
        publish(id, result("provisioning.failed", id, "order", actionId,
                Map.of("reason", "Upstream balance cannot pay: not enough money", "kind", "INSUFFICIENT_BALANCE")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + id).then()
                .body("status", equalTo("failed"))
                .body("failureReason", containsString("balance"))
                .body("lastAction.status", equalTo("failed"))
                .body("lastAction.error", containsString("balance")));
        given().when().post("/orders/" + id + "/renew").then().statusCode(409);
    }

    @Test
    void concurrentActionsOnOneOrderGiveOneWinnerAndTheOthers409NeverA500() throws Exception {
        String id = placeLicense();
        succeed(id, "order", Map.of("upstreamServiceId", "6101", "serviceStatus", 2, "expiresAt", "2027-01-10"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + id).then()
                .body("status", equalTo("active")));
        // Whether a loser meets the pending action (state check) or the winner's version (optimistic lock) depends
        // on timing; either way it is a 409 problem, never a 500, and only one action goes upstream.
        int callers = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String action = i % 2 == 0 ? "renew" : "suspend";
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().when().post("/orders/" + id + "/" + action).then()
                            .contentType(org.hamcrest.Matchers.anyOf(equalTo("application/json"),
                                    containsString("json"))).extract().statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Integer> answer : answers) {
                statuses.add(answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(1, statuses.stream().filter(s -> s == 202).count(), statuses.toString());
            assertEquals(callers - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, given().when().get("/orders/" + id).then().extract().jsonPath().getList("actions").stream()
                .filter(a -> !"order".equals(((Map<?, ?>) a).get("action"))).count(), "one action requested upstream");
    }

    @Test
    void theServingModuleIsRecordedAndARenewalWaitingForBalanceCanBeForced() throws Exception {
        String id = placeLicense();
        JsonNode order = awaitRequested(id, "order").get("data");
        assertEquals(module.toString(), order.get("candidates").get(0).get("processingModuleId").asText());
        assertEquals("11", order.get("candidates").get(0).get("upstreamTariffId").asText());
        assertTrue(order.hasNonNull("upstreamCost"), order.toString());
        UUID other = UUID.randomUUID();
        succeed(id, "order", Map.of("upstreamServiceId", "7001", "serviceStatus", 2, "expiresAt", "2027-01-10",
                "processingModuleId", other.toString(), "upstreamTariffId", "1011"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + id).then()
                .body("status", equalTo("active")).body("processingModuleId", equalTo(other.toString())));

        given().when().post("/orders/" + id + "/renew?force=maybe").then().statusCode(400)
                .body("errors[0].field", equalTo("force"));
        given().when().post("/orders/" + id + "/renew").then().statusCode(202);
        JsonNode renew = awaitRequested(id, "renew").get("data");
        assertEquals(other.toString(), renew.get("processingModuleId").asText(), "renewals go to the serving module");
        assertTrue(renew.get("force").isNull(), renew.toString());
        String renewal = renew.get("actionId").asText();
        Map<String, Object> waiting = new HashMap<>();
        waiting.put("processingModuleId", other.toString());
        waiting.put("reason", "The upstream balance is 80.00 USD, below its minimal balance 100.00");
        publish(id, result("provisioning.waiting", id, "renew", renewal, waiting));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + id).then()
                .body("lastAction.status", equalTo("waiting-for-balance"))
                .body("lastAction.error", containsString("minimal balance")));
        given().when().post("/orders/" + id + "/suspend").then().statusCode(409).body("type", endsWith("/action-pending"));

        given().when().post("/orders/" + id + "/renew?force=true").then().statusCode(202)
                .body("lastAction.status", equalTo("pending"));
        JsonNode forced = awaitRequested(id, "renew", 2).get("data");
        assertEquals(renewal, forced.get("actionId").asText(), "the waiting renewal itself is forced");
        assertTrue(forced.get("force").asBoolean(), forced.toString());
        succeed(id, "renew", Map.of("upstreamServiceId", "7001", "serviceStatus", 2, "expiresAt", "2028-01-10",
                "processingModuleId", other.toString()));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + id).then()
                .body("lastAction.status", equalTo("done")).body("expiresAt", equalTo("2028-01-10T00:00:00Z")));
    }

    @Test
    void lifecycleActionsAndTheirConflicts() throws Exception {
        String id = placeLicense();
        // Nothing but the order itself while it is pending.
        given().when().post("/orders/" + id + "/suspend").then().statusCode(409)
                .contentType("application/problem+json");
        succeed(id, "order", Map.of("upstreamServiceId", "6001", "serviceStatus", 2, "expiresAt", "2027-01-10"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + id).then()
                .body("status", equalTo("active")));
        given().when().post("/orders/" + id + "/resume").then().statusCode(409)
                .body("type", endsWith("/action-not-allowed"));

        given().when().post("/orders/" + id + "/suspend").then().statusCode(202)
                .body("status", equalTo("active")).body("lastAction.action", equalTo("suspend"))
                .body("lastAction.status", equalTo("pending"));
        given().when().post("/orders/" + id + "/close").then().statusCode(409)
                .body("type", endsWith("/action-pending"));
        JsonNode suspend = awaitRequested(id, "suspend").get("data");
        assertEquals("6001", suspend.get("upstreamServiceId").asText());
        assertEquals("2027-01-10T00:00:00Z", suspend.get("expiresAt").asText());
        succeed(id, "suspend", Map.of("upstreamServiceId", "6001", "serviceStatus", 3, "expiresAt", "2027-01-10"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + id).then()
                .body("status", equalTo("suspended")).body("lastAction.status", equalTo("done")));

        given().when().post("/orders/" + id + "/suspend").then().statusCode(409);
        given().when().post("/orders/" + id + "/renew").then().statusCode(202);
        succeed(id, "renew", Map.of("upstreamServiceId", "6001", "serviceStatus", 3, "expiresAt", "2028-01-10"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + id).then()
                .body("status", equalTo("suspended")).body("expiresAt", equalTo("2028-01-10T00:00:00Z")));

        given().when().post("/orders/" + id + "/resume").then().statusCode(202);
        succeed(id, "resume", Map.of("upstreamServiceId", "6001", "serviceStatus", 2, "expiresAt", "2028-01-10"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + id).then()
                .body("status", equalTo("active")));

        // A failed action leaves the order as it was.
        given().when().post("/orders/" + id + "/renew").then().statusCode(202);
        String renew = awaitRequested(id, "renew", 2).get("data").get("actionId").asText();
        publish(id, result("provisioning.failed", id, "renew", renew,
                Map.of("reason", "Upstream balance cannot pay", "kind", "INSUFFICIENT_BALANCE")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + id).then()
                .body("status", equalTo("active")).body("lastAction.action", equalTo("renew"))
                .body("lastAction.status", equalTo("failed")).body("lastAction.error", containsString("balance"))
                .body("expiresAt", equalTo("2028-01-10T00:00:00Z")));

        given().when().post("/orders/" + id + "/close").then().statusCode(202);
        succeed(id, "close", Map.of("upstreamServiceId", "6001", "serviceStatus", 4, "expiresAt", "2028-01-10"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + id).then()
                .body("status", equalTo("closed")));
        for (String action : List.of("renew", "suspend", "resume", "close")) {
            given().when().post("/orders/" + id + "/" + action).then().statusCode(409);
        }
        given().when().get("/orders/" + id).then().body("actions", hasSize(6));
        given().when().post("/orders/" + UUID.randomUUID() + "/renew").then().statusCode(404);
    }

    @Test
    void aModuleOrderNamesItsParentLicenseUpstream() throws Exception {
        String parent = placeLicense();
        order(Map.of("tariffId", moduleTariff.toString(), "period", 12, "customerRef", customer,
                "params", Map.of("parentOrderId", parent)))
                .statusCode(422).body("errors.message", hasItem(containsString("active ispsystem-license")));
        succeed(parent, "order", Map.of("upstreamServiceId", "7001", "serviceStatus", 2, "expiresAt", "2027-01-10"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + parent).then()
                .body("status", equalTo("active")));
        String id = order(Map.of("tariffId", moduleTariff.toString(), "period", 1, "customerRef", customer,
                "params", Map.of("parentOrderId", parent)))
                .statusCode(202).body("params.parentOrderId", equalTo(parent)).extract().path("id");
        JsonNode params = awaitRequested(id, "order").get("data").get("params");
        assertEquals("7001", params.get("parent").asText());
        assertTrue(!params.has("parentOrderId"));
    }

    @Test
    void listsAreNewestFirstFilteredAndPaged() throws Exception {
        String first = placeLicense();
        String second = placeLicense();
        String third = placeLicense();
        succeed(second, "order", Map.of("upstreamServiceId", "8001", "serviceStatus", 2, "expiresAt", "2027-01-10"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/orders/" + second).then()
                .body("status", equalTo("active")));

        given().when().get("/orders?customerRef=" + customer + "&size=2").then().statusCode(200)
                .body("total", equalTo(3)).body("size", equalTo(2)).body("page", equalTo(0))
                .body("items.id", equalTo(List.of(third, second)));
        given().when().get("/orders?customerRef=" + customer + "&size=2&page=1").then()
                .body("items.id", equalTo(List.of(first)));
        given().when().get("/orders?customerRef=" + customer + "&status=pending").then()
                .body("items.id", equalTo(List.of(third, first)));
        given().when().get("/orders?customerRef=" + customer + "&status=active").then()
                .body("items.id", equalTo(List.of(second))).body("items[0].lastAction.status", equalTo("done"));
        given().when().get("/orders?status=bogus").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("status"));
        given().when().get("/orders?size=1000").then().statusCode(400);
        given().when().get("/orders/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().when().get("/orders/not-a-uuid").then().statusCode(404);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private String placeLicense() {
        return order(Map.of("tariffId", license.toString(), "period", 12, "customerRef", customer,
                "params", Map.of("ip", "10.0.0.1"))).statusCode(202).extract().path("id");
    }

    private io.restassured.response.ValidatableResponse order(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/orders").then();
    }

    private void succeed(String orderId, String action, Map<String, Object> fields) throws Exception {
        String actionId = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT last_action_id FROM customer_order WHERE id = ?1").setParameter(1, UUID.fromString(orderId))
                .getSingleResult().toString());
        publish(orderId, result("provisioning.succeeded", orderId, action, actionId, fields));
    }

    private String result(String type, String orderId, String action, String actionId, Map<String, Object> fields)
            throws Exception {
        Map<String, Object> data = new HashMap<>();
        data.put("orderId", orderId);
        data.put("action", action);
        data.put("actionId", actionId);
        if (type.equals("provisioning.succeeded")) {
            data.put("processingModuleId", module.toString());
            data.put("serviceStatus", null);
            data.put("expiresAt", null);
            data.put("licenseKey", null);
        }
        data.putAll(fields);
        return envelope(type, orderId, data);
    }

    /** An envelope as module-service writes it, checked against its contract. */
    private String envelope(String type, String orderId, Map<String, Object> data) throws Exception {
        Map<String, Object> envelope = new HashMap<>();
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("type", type);
        envelope.put("source", "module-service");
        envelope.put("subject", orderId);
        envelope.put("time", Instant.now().toString());
        envelope.put("dataVersion", 1);
        envelope.put("data", data);
        String event = mapper.writeValueAsString(envelope);
        EventContracts.check(event);
        return event;
    }

    /** A result for an unknown order behind the given ones on the same partition (same key): once it is processed, so are they. */
    private UUID markerAfter(String orderId) throws Exception {
        Map<String, Object> data = Map.of("orderId", UUID.randomUUID().toString(), "action", "order",
                "actionId", UUID.randomUUID().toString(), "reason", "marker", "kind", "UPSTREAM_ERROR");
        UUID eventId = UUID.randomUUID();
        publish(orderId, EventContracts.check(mapper.writeValueAsString(Map.of("id", eventId.toString(),
                "type", "provisioning.failed", "source", "module-service", "subject", orderId,
                "time", Instant.now().toString(), "dataVersion", 1, "data", data))).toString());
        return eventId;
    }

    private boolean processed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM processed_event WHERE event_id = ?1").setParameter(1, eventId)
                .getSingleResult()).longValue() == 1);
    }

    private static void publish(String key, String envelope) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(OrderEvents.RESULTS_TOPIC, key, envelope)).get();
        }
    }

    private JsonNode awaitRequested(String orderId, String action) {
        return awaitRequested(orderId, action, 1);
    }

    /** The {@code n}-th provisioning.requested of that action for the order (keyed by the order id). */
    private JsonNode awaitRequested(String orderId, String action, int n) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            for (ConsumerRecord<String, String> record : topic.poll(Duration.ofMillis(200))) {
                seen.add(record);
            }
            found.clear();
            for (ConsumerRecord<String, String> record : seen) {
                JsonNode event = EventContracts.check(record.value());
                if (orderId.equals(record.key()) && event.get("type").asText().equals("provisioning.requested")
                        && event.get("data").get("action").asText().equals(action)) {
                    found.add(event);
                }
            }
            return found.size() >= n;
        });
        return found.get(n - 1);
    }
}
