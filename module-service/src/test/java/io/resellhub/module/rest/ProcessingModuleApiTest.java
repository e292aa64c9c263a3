package io.resellhub.module.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

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

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.localinfra.EventContracts;
import io.resellhub.localinfra.ManagementInterface;
import io.resellhub.localinfra.RealInfrastructure;
import io.resellhub.module.RealInfrastructureProfile;
import io.resellhub.module.SimulatorResource;
import io.resellhub.module.domain.ProcessingModuleRepository;
import io.resellhub.module.service.BalanceWatch;
import io.resellhub.module.upstream.AccountBalance;
import io.resellhub.simulator.BillmanagerSimulator;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Integration setup against the real database, broker and BILLmanager simulator. */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class ProcessingModuleApiTest {

    @Inject
    EntityManager entityManager;

    @Inject
    BalanceWatch balanceWatch;

    @Inject
    ProcessingModuleRepository repository;

    BillmanagerSimulator simulator = SimulatorResource.simulator();
    CapturedLog log = new CapturedLog();

    @BeforeEach
    void captureLog() {
        simulator.setBalance(new BigDecimal("1000.00"));
        simulator.clearFaults();
        Logger.getLogger("").addHandler(log);
    }

    @AfterEach
    void releaseLogAndModules() {
        Logger.getLogger("").removeHandler(log);
        // Tests share one upstream account: retire their modules so the next test may attach it again.
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("DELETE FROM module_enabled_tariff").executeUpdate();
            entityManager.createNativeQuery("UPDATE processing_module SET deleted_at = now() WHERE deleted_at IS NULL")
                    .executeUpdate();
        });
    }

    @Test
    void createListReadUpdateDelete() {
        String url = simulator.baseUrl().replace("/billmgr", "/");   // tolerated: normalised to .../billmgr
        String id = create(body("ssl-certificate", url, simulator.username(), simulator.password(), "Upstream SSL", "100.00"))
                .statusCode(201)
                .header("Location", containsString("/processing-modules/"))
                .body("name", equalTo("Upstream SSL"))
                .body("integration.url", equalTo(simulator.baseUrl()))
                .body("integration.username", equalTo(simulator.username()))
                .body("integration.password", nullValue())
                .body("minimalBalance", equalTo("100.00"))
                .body("currency", equalTo("USD"))
                .body("version", equalTo(0))
                .body("notice", containsString("one reselling installation"))
                .extract().path("id");

        given().when().get("/processing-modules?page=0&size=500").then().statusCode(200)
                .body("items.id", hasItem(id)).body("page", equalTo(0)).body("size", equalTo(500));
        given().when().get("/processing-modules/" + id).then().statusCode(200).body("id", equalTo(id));
        given().when().get("/processing-modules/" + id + "/balance").then().statusCode(200)
                .body("balance", equalTo("1000.00")).body("currency", equalTo("USD"))
                .body("minimalBalance", equalTo("100.00")).body("belowMinimum", equalTo(false))
                .body("checkedAt", notNullValue());

        // No password: the stored one is kept, and the upstream still answers with it.
        Map<String, Object> update = body("ssl-certificate", simulator.baseUrl(), simulator.username(), null,
                "Renamed SSL", "50.00");
        update.put("version", 0);
        given().contentType(ContentType.JSON).body(update).when().put("/processing-modules/" + id)
                .then().statusCode(200).body("name", equalTo("Renamed SSL")).body("version", equalTo(1));
        // The same again, based on the old version: refused, nothing changed.
        update.put("name", "Lost update");
        given().contentType(ContentType.JSON).body(update).when().put("/processing-modules/" + id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("/stale-version"));
        given().when().get("/processing-modules/" + id).then().body("name", equalTo("Renamed SSL"));

        given().when().delete("/processing-modules/" + id).then().statusCode(204);
        given().when().get("/processing-modules/" + id).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void wrongPasswordIs422AndStoresNothing() {
        long before = moduleRows();
        create(body("ispsystem-license", simulator.baseUrl(), simulator.username(), "wrong-password", "Bad", null))
                .statusCode(422).contentType("application/problem+json")
                .body("type", endsWith("/upstream-authentication"))
                .body("detail", containsString("username or password"));
        assertEquals(before, moduleRows());
    }

    @Test
    void checkConnectionAnswersAccountAndBalance() {
        given().contentType(ContentType.JSON).body(Map.of("moduleType", "billmanager5", "integration", Map.of(
                "url", simulator.baseUrl(), "username", simulator.username(), "password", simulator.password())))
                .when().post("/processing-modules/check-connection")
                .then().statusCode(200).body("ok", equalTo(true)).body("account", equalTo(simulator.username()))
                .body("balance", equalTo("1000.00")).body("currency", equalTo("USD"));
    }

    @Test
    void checkConnectionSaysWhenTheUrlIsNotABillmanager() {
        given().contentType(ContentType.JSON).body(Map.of("moduleType", "billmanager5", "integration", Map.of(
                "url", "http://127.0.0.1:" + RealInfrastructure.postgres().port() + "/", "username", "u",
                "password", "p")))
                .when().post("/processing-modules/check-connection")
                .then().statusCode(422).contentType("application/problem+json").body("status", equalTo(422));
    }

    @Test
    void sameUpstreamAccountCannotBeAttachedTwiceForOneProductType() {
        create(body("ispsystem-module", simulator.baseUrl(), simulator.username(), simulator.password(), "Modules", null))
                .statusCode(201);
        create(body("ispsystem-module", simulator.baseUrl() + "/", simulator.username().toUpperCase(),
                simulator.password(), "Modules again", null))
                .statusCode(409).body("type", endsWith("/upstream-account-in-use"))
                .body("detail", containsString("one reselling installation"));
    }

    @Test
    void badInputListsEveryBadField() {
        Map<String, Object> bad = body("no-such-type", "not a url", "", simulator.password(), "", "-1");
        create(bad).statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItems("productType", "integration.url", "integration.username", "name",
                        "minimalBalance"));
        create(body("ssl-certificate", simulator.baseUrl(), simulator.username(), simulator.password(),
                "x".repeat(10_240), null))
                .statusCode(422).body("errors.field", hasItem("name"));
        create(body("ssl-certificate", simulator.baseUrl(), simulator.username(), simulator.password(), "Fine",
                "1.23456"))
                .statusCode(422).body("errors.field", hasItem("minimalBalance"));
        given().contentType(ContentType.JSON).body("{\"name\":").when().post("/processing-modules")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"sort\":\"high\"}").when().post("/processing-modules")
                .then().statusCode(422).body("errors.field", hasItem("sort"));
        given().when().get("/processing-modules?size=100000").then().statusCode(400)
                .body("errors.field", hasItem("size"));
        given().when().get("/processing-modules?page=-1").then().statusCode(400);
    }

    @Test
    void moduleWithAnEnabledTariffCannotBeDeleted() throws Exception {
        String id = create(body("ispsystem-license", simulator.baseUrl(), simulator.username(), simulator.password(),
                "Licenses", null)).statusCode(201).extract().path("id");
        String tariffId = UUID.randomUUID().toString();
        // Wait for the event to be applied before trying: a DELETE that comes first would simply succeed.
        publishResellingEvent("tariff.enabled", id, tariffId);
        await().atMost(Duration.ofSeconds(60)).until(() -> enabledTariffs(id) == 1);
        given().when().delete("/processing-modules/" + id).then().statusCode(409)
                .body("type", endsWith("/module-in-use")).body("detail", containsString("1 tariff"));

        publishResellingEvent("tariff.disabled", id, tariffId);
        await().atMost(Duration.ofSeconds(60)).until(() -> enabledTariffs(id) == 0);
        given().when().delete("/processing-modules/" + id).then().statusCode(204);
    }

    @Test
    void anEnableOlderThanTheDisableLeavesNoEnabledTariffAndTheModuleCanBeDeleted() throws Exception {
        String id = create(body("ssl-certificate", simulator.baseUrl(), simulator.username(), simulator.password(),
                "Reordered", null)).statusCode(201).extract().path("id");
        String tariffId = UUID.randomUUID().toString();
        UUID disabledV2 = UUID.randomUUID();
        UUID enabledV1 = UUID.randomUUID();
        // Reordered: the disable (version 2) arrives before the enable it followed (version 1).
        publishResellingEvent(disabledV2, "tariff.disabled", id, tariffId, 2);
        publishResellingEvent(enabledV1, "tariff.enabled", id, tariffId, 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> processed(disabledV2, enabledV1) == 2);
        assertEquals(0, enabledTariffs(id));

        // A newer enable counts, delivered twice: one row, one processed event.
        UUID enabledV3 = UUID.randomUUID();
        publishResellingEvent(enabledV3, "tariff.enabled", id, tariffId, 3);
        publishResellingEvent(enabledV3, "tariff.enabled", id, tariffId, 3);
        await().atMost(Duration.ofSeconds(60)).until(() -> enabledTariffs(id) == 1);
        assertEquals(1, processed(enabledV3));
        given().when().delete("/processing-modules/" + id).then().statusCode(409);

        publishResellingEvent(UUID.randomUUID(), "tariff.disabled", id, tariffId, 4);
        await().atMost(Duration.ofSeconds(60)).until(() -> enabledTariffs(id) == 0);
        given().when().delete("/processing-modules/" + id).then().statusCode(204);
    }

    @Test
    void aDeletedModuleIsAnnouncedThenTombstonedOnTheCompactedTopic() {
        String id = create(body("ssl-certificate", simulator.baseUrl(), simulator.username(), simulator.password(),
                "Tombstoned", null)).statusCode(201).extract().path("id");
        try (KafkaConsumer<String, String> events = consumer("processing-modules")) {
            given().when().delete("/processing-modules/" + id).then().statusCode(204);
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : events.poll(Duration.ofMillis(200))) {
                    if (id.equals(r.key())) {
                        values.add(r.value());
                    }
                }
                return values.size() >= 3;
            });
            assertEquals("processing-module.created", EventContracts.check(values.get(0)).get("type").asText());
            JsonNode deleted = EventContracts.check(values.get(1));
            assertEquals("processing-module.deleted", deleted.get("type").asText());
            assertEquals(1, deleted.get("data").get("version").asLong(), "the deletion carries the module's new version");
            assertEquals(null, values.get(2), "a tombstone: the key with no value");
        }
    }

    private long processed(UUID... eventIds) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM processed_event WHERE consumer = 'module-service.reselling' AND event_id IN (?1)")
                .setParameter(1, java.util.Arrays.asList(eventIds)).getSingleResult()).longValue());
    }

    @Test
    void aTariffTakenOffSaleByTheSystemAlertsTheModulesDepartment() throws Exception {
        String id = create(body("ispsystem-license", simulator.baseUrl(), simulator.username(), simulator.password(),
                "Licenses", null)).statusCode(201).extract().path("id");
        String byReseller = UUID.randomUUID().toString();
        String bySystem = UUID.randomUUID().toString();
        publishResellingEvent("tariff.enabled", id, byReseller);
        publishResellingEvent("tariff.enabled", id, bySystem);
        await().atMost(Duration.ofSeconds(60)).until(() -> enabledTariffs(id) == 2);
        publishResellingEvent("tariff.disabled", id, byReseller);
        publishResellingEvent("tariff.disabled", id, bySystem, "below-cost");
        await().atMost(Duration.ofSeconds(60)).until(() -> enabledTariffs(id) == 0);

        given().when().get("/processing-modules/" + id + "/alerts").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].kind", equalTo("tariff_disabled"))
                .body("items[0].tariffId", equalTo(bySystem)).body("items[0].reason", equalTo("below-cost"))
                .body("items[0].department", equalTo("Technical support")).body("items[0].balance", nullValue());
    }

    @Test
    void aNewUrlOrUsernameWithoutThePasswordIs422AndChangesNothing() {
        String id = create(body("ssl-certificate", simulator.baseUrl(), simulator.username(), simulator.password(),
                "Kept", null)).statusCode(201).extract().path("id");
        for (String[] integration : List.of(new String[] {"http://127.0.0.1:9/billmgr", simulator.username()},
                new String[] {simulator.baseUrl(), "someone-else"})) {
            Map<String, Object> update = body("ssl-certificate", integration[0], integration[1], null, "Moved", null);
            update.put("version", 0);
            given().contentType(ContentType.JSON).body(update).when().put("/processing-modules/" + id)
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of("integration.password")));
        }
        given().when().get("/processing-modules/" + id).then().statusCode(200).body("name", equalTo("Kept"))
                .body("version", equalTo(0)).body("integration.url", equalTo(simulator.baseUrl()))
                .body("integration.username", equalTo(simulator.username()));
        assertTrue(log.messages().stream().noneMatch(line -> line.contains("127.0.0.1:9")),
                "no call went to the new address");
    }

    @Test
    void onlyHttpsUpstreamsExceptLoopbackAndAllowedHosts() {
        for (String url : List.of("http://billing.example.com/billmgr", "HTTP://Billing.Example.com:8080")) {
            given().contentType(ContentType.JSON).body(Map.of("moduleType", "billmanager5", "integration", Map.of(
                    "url", url, "username", "u", "password", "p")))
                    .when().post("/processing-modules/check-connection")
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of("integration.url")))
                    .body("errors[0].message", containsString("https"));
        }
        long before = moduleRows();
        create(body("ssl-certificate", "http://billing.example.com/billmgr", "u", "p", "Plain", null)).statusCode(422)
                .body("errors.field", equalTo(List.of("integration.url")));
        assertEquals(before, moduleRows());
        // An allowed host passes the rule (and then fails as unknown, saying no more than the address typed).
        given().contentType(ContentType.JSON).body(Map.of("moduleType", "billmanager5", "integration", Map.of(
                "url", "http://plain-http.invalid/billmgr", "username", "u", "password", "p")))
                .when().post("/processing-modules/check-connection")
                .then().statusCode(422).body("type", equalTo("/problems/upstream-unreachable"))
                .body("detail", equalTo("The upstream at http://plain-http.invalid/billmgr could not be reached:"
                        + " check the host, the port and http/https, or it is down"));
    }

    @Test
    void connectionCheckFailuresRepeatNoMoreThanTheTypedAddress() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        given().contentType(ContentType.JSON).body(Map.of("moduleType", "billmanager5", "integration", Map.of(
                "url", "http://127.0.0.1:" + closedPort, "username", "u", "password", "p")))
                .when().post("/processing-modules/check-connection")
                .then().statusCode(422).body("type", equalTo("/problems/upstream-unreachable"))
                .body("detail", equalTo("The upstream at http://127.0.0.1:" + closedPort + "/billmgr could not be"
                        + " reached: check the host, the port and http/https, or it is down"));
        given().contentType(ContentType.JSON).body(Map.of("moduleType", "billmanager5", "integration", Map.of(
                "url", "http://127.0.0.1:" + RealInfrastructure.postgres().port() + "/", "username", "u",
                "password", "p")))
                .when().post("/processing-modules/check-connection")
                .then().statusCode(422).body("detail", not(containsString("Exception")))
                .body("detail", not(containsString("func=")));
    }

    private long enabledTariffs(String moduleId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM module_enabled_tariff WHERE module_id = ?1")
                .setParameter(1, UUID.fromString(moduleId)).getSingleResult()).longValue());
    }

    @Test
    void balanceBelowMinimumAlertsOncePerCrossing() {
        String id = create(body("ssl-certificate", simulator.baseUrl(), simulator.username(), simulator.password(),
                "Watched", "100.00")).statusCode(201).extract().path("id");
        try (KafkaConsumer<String, String> events = consumer("processing-modules")) {
            simulator.setBalance(new BigDecimal("80.00"));
            for (int i = 0; i < 3; i++) {
                given().when().post("/processing-modules/" + id + "/balance/check").then().statusCode(200)
                        .body("belowMinimum", equalTo(true)).body("balance", equalTo("80.00"));
            }
            given().when().get("/processing-modules/" + id + "/alerts").then().statusCode(200)
                    .body("total", equalTo(1)).body("items[0].kind", equalTo("low"))
                    .body("items[0].balance", equalTo("80.00"));

            simulator.setBalance(new BigDecimal("500.00"));
            given().when().post("/processing-modules/" + id + "/balance/check").then().statusCode(200)
                    .body("belowMinimum", equalTo(false));

            List<String> types = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : events.poll(Duration.ofMillis(200))) {
                    if (id.equals(r.key()) && r.value().contains("balance-")) {
                        String type = EventContracts.check(r.value()).get("type").asText();
                        types.add(type.equals("processing-module.balance-low") ? "low" : "restored");
                    }
                }
                return types.size() >= 2;
            });
            assertEquals(List.of("low", "restored"), types);
        }
    }

    @Test
    void twoReplicasSeeingTheSameCrossingRecordOneAlert() throws Exception {
        UUID id = UUID.fromString(create(body("ssl-certificate", simulator.baseUrl(), simulator.username(),
                simulator.password(), "Raced", "100.00")).statusCode(201).extract().path("id"));
        AccountBalance low = new AccountBalance(new BigDecimal("80.00"), "USD", BigDecimal.ZERO);
        CountDownLatch firstRecorded = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            // Replica 1 records the crossing and holds its transaction open; replica 2 reads the same balance.
            Future<?> first = replicas.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                balanceWatch.record(repository.findById(id), low);
                firstRecorded.countDown();
                await().atMost(Duration.ofSeconds(30)).until(() -> commitFirst.getCount() == 0);
            }));
            assertTrue(firstRecorded.await(30, TimeUnit.SECONDS));
            Future<?> second = replicas.submit(() -> QuarkusTransaction.requiringNew()
                    .run(() -> balanceWatch.record(repository.findById(id), low)));
            // Replica 2 must wait for replica 1's reading instead of reading around it.
            await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                    ((Number) entityManager.createNativeQuery("SELECT count(*) FROM pg_stat_activity"
                            + " WHERE wait_event_type = 'Lock' AND datname = current_database()")
                            .getSingleResult()).longValue() > 0));
            commitFirst.countDown();
            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
        } finally {
            commitFirst.countDown();
            replicas.shutdownNow();
        }
        given().when().get("/processing-modules/" + id + "/alerts").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].kind", equalTo("low"));
    }

    @Test
    void passwordAppearsNowhere() {
        String secret = simulator.password();
        ValidatableResponse created = create(body("ispsystem-module", simulator.baseUrl(), simulator.username(), secret,
                "Secretive", null));
        String id = created.statusCode(201).extract().path("id");
        assertFalse(created.extract().asString().contains(secret));
        assertFalse(given().when().get("/processing-modules?size=500").then().extract().asString().contains(secret));
        assertFalse(given().when().get("/processing-modules/" + id).then().extract().asString().contains(secret));
        assertFalse(given().when().get(ManagementInterface.url() + "/q/metrics").then().extract().asString()
                .contains(secret));

        // The table, as a dump would show it: every column as text, the ciphertext in hex.
        @SuppressWarnings("unchecked")
        List<String> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT row_to_json(m)::text FROM processing_module m").getResultList());
        assertFalse(rows.isEmpty());
        String hexSecret = java.util.HexFormat.of().formatHex(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String row : rows) {
            assertFalse(row.contains(secret), row);
            assertFalse(row.contains(hexSecret), row);
        }
        try (KafkaConsumer<String, String> events = consumer("processing-modules")) {
            List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                events.poll(Duration.ofMillis(300)).forEach(r -> seen.add(r.value()));
                return seen.stream().anyMatch(v -> v != null && v.contains("processing-module.created"));
            });
            // Tombstones of deleted modules (null values) carry nothing at all.
            seen.forEach(v -> assertFalse(v != null && v.contains(secret), v));
            seen.stream().filter(v -> v != null).forEach(EventContracts::check);
        }
        assertTrue(log.messages().size() > 0, "the log capture saw nothing");
        log.messages().forEach(line -> assertFalse(line.contains(secret), line));
    }

    private ValidatableResponse create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/processing-modules").then();
    }

    private long moduleRows() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM processing_module").getSingleResult()).longValue());
    }

    private static Map<String, Object> body(String productType, String url, String username, String password,
            String name, String minimalBalance) {
        Map<String, Object> integration = new java.util.HashMap<>();
        integration.put("url", url);
        integration.put("username", username);
        if (password != null) {
            integration.put("password", password);
        }
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("productType", productType);
        body.put("moduleType", "billmanager5");
        body.put("integration", integration);
        body.put("name", name);
        body.put("dataCenter", "Frankfurt");
        body.put("department", "Technical support");
        body.put("sort", 10);
        if (minimalBalance != null) {
            body.put("minimalBalance", minimalBalance);
        }
        return body;
    }

    private static void publishResellingEvent(String type, String moduleId, String tariffId) throws Exception {
        publishResellingEvent(UUID.randomUUID(), type, moduleId, tariffId, 0, null);
    }

    private static void publishResellingEvent(String type, String moduleId, String tariffId, String reason)
            throws Exception {
        publishResellingEvent(UUID.randomUUID(), type, moduleId, tariffId, 0, reason);
    }

    private static void publishResellingEvent(UUID eventId, String type, String moduleId, String tariffId, long version)
            throws Exception {
        publishResellingEvent(eventId, type, moduleId, tariffId, version, null);
    }

    /** A reselling-service event of {@code version}; {@code reason} says why the system took a tariff off sale. */
    private static void publishResellingEvent(UUID eventId, String type, String moduleId, String tariffId, long version,
            String reason) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            String event = """
                    {"id":"%s","type":"%s","source":"reselling-service","subject":"%s","time":"2026-11-26T07:00:00Z",
                     "dataVersion":1,"data":{"tariffId":"%s","processingModuleId":"%s","productType":"ssl-certificate",
                     "version":%d,"reason":%s,"allowBelowCost":false}}"""
                    .formatted(eventId, type, tariffId, tariffId, moduleId, version,
                            reason == null ? "null" : "\"" + reason + "\"");
            producer.send(new ProducerRecord<>("reselling", tariffId, EventContracts.check(event).toString())).get();
        }
    }

    private static KafkaConsumer<String, String> consumer(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "module-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Every log record of the application while a test runs, formatted with its parameters. */
    static final class CapturedLog extends Handler {
        private final List<String> messages = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (record.getParameters() != null && record.getParameters().length > 0) {
                try {
                    message = String.format(message, record.getParameters());
                } catch (RuntimeException e) {
                    message = message + " " + java.util.Arrays.toString(record.getParameters());
                }
            }
            messages.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        List<String> messages() {
            return List.copyOf(messages);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
