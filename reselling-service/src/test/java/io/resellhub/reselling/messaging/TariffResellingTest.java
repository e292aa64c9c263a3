package io.resellhub.reselling.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.localinfra.JwtTokens;
import io.resellhub.reselling.RealInfrastructureProfile;
import io.resellhub.reselling.TariffServiceStub;
import io.resellhub.reselling.messaging.TariffKafka.Tariff;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Tariff projection, bulk enable/disable and the storefront catalog, against the real PostgreSQL and
 * Kafka: events in through {@code tariffs}/{@code processing-modules}, out through {@code reselling}.
 */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class TariffResellingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    TariffKafka kafka;
    UUID moduleId;
    String productType;

    @BeforeEach
    void setUp() {
        kafka = new TariffKafka();
        moduleId = UUID.randomUUID();
        // A product type of its own per test, so the catalog assertions see only this test's tariffs.
        productType = "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    @Test
    void projectionIsIdempotentAndOrderedByVersion() throws Exception {
        Tariff t = Tariff.of(moduleId, productType, "Comodo PositiveSSL");
        UUID imported = kafka.sendTariff("tariff.imported", t);
        awaitVersion(t.id(), 0);
        Tariff renamed = t.next("Renamed", "15.00", true, false).next("Renamed twice", "16.00", true, false);
        kafka.sendTariff("tariff.updated", renamed);
        awaitVersion(t.id(), 2);
        // Late and duplicate deliveries: version 1 after 2, and the import again.
        kafka.sendTariff("tariff.updated", t.next("Stale", "1.00", true, false));
        kafka.sendTariffEvent(imported, "tariff.imported", t);
        Tariff marker = Tariff.of(moduleId, productType, "Marker");
        kafka.sendTariff("tariff.imported", marker);
        awaitVersion(marker.id(), 0);

        state(t.id()).body("version", equalTo(2)).body("name", equalTo("Renamed twice"))
                .body("enabled", equalTo(false)).body("inCatalog", equalTo(false));
    }

    @Test
    void aBurstOfEventsEndsAtTheNewestVersionOfEachTariff() throws Exception {
        // Sent back to back, so they arrive in few polls: several versions of one tariff share a batch.
        Tariff t = Tariff.of(moduleId, productType, "v0");
        List<Tariff> others = new ArrayList<>();
        kafka.sendTariff("tariff.imported", t);
        for (int i = 0; i < 40; i++) {
            Tariff other = Tariff.of(moduleId, productType, "Other " + i);
            others.add(other);
            kafka.sendTariff("tariff.imported", other);
            t = t.next("v" + (i + 1), "15.00", true, false);
            kafka.sendTariff("tariff.updated", t);
        }
        awaitVersion(t.id(), 40);
        state(t.id()).body("name", equalTo("v40"));
        for (Tariff other : others) {
            awaitVersion(other.id(), 0);
        }
    }

    @Test
    void anUnreadableEventGoesToTheDeadLetterTopicAloneAndTheOthersAreProjected() throws Exception {
        kafka.listenToDeadLetters();
        Tariff before = Tariff.of(moduleId, productType, "Before the poison");
        Tariff after = Tariff.of(moduleId, productType, "After the poison");
        String poison = "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"tariff.imported\",\"data\": not json";
        kafka.sendTariff("tariff.imported", before);
        kafka.producer.send(new ProducerRecord<>("tariffs", before.id().toString(), poison)).get();
        kafka.sendTariff("tariff.imported", after);

        awaitVersion(before.id(), 0);
        awaitVersion(after.id(), 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.pollDeadLetters().contains(poison));
        assertEquals(1, kafka.pollDeadLetters().size(), "only the unreadable event is dead-lettered");
    }

    @Test
    void aFailedAttemptRollsBackAndTheRetryInANewTransactionProjectsTheEvent() throws Exception {
        // A trigger makes every write to tariff_view fail (counting the attempts in a sequence, which no
        // rollback undoes) until the test lifts the fault.
        try (Connection c = dataSource.getConnection(); Statement sql = c.createStatement()) {
            sql.execute("CREATE TABLE test_fault (active boolean)");
            sql.execute("CREATE SEQUENCE test_fault_attempts");
            sql.execute("""
                    CREATE FUNCTION test_fault() RETURNS trigger AS $$ BEGIN
                        IF EXISTS (SELECT 1 FROM test_fault WHERE active) THEN
                            PERFORM nextval('test_fault_attempts');
                            RAISE EXCEPTION 'injected fault';
                        END IF;
                        RETURN NEW;
                    END $$ LANGUAGE plpgsql""");
            sql.execute("CREATE TRIGGER test_fault BEFORE INSERT OR UPDATE ON tariff_view"
                    + " FOR EACH ROW EXECUTE FUNCTION test_fault()");
            sql.execute("INSERT INTO test_fault VALUES (true)");
        }
        try {
            kafka.listenToDeadLetters();
            Tariff t = Tariff.of(moduleId, productType, "Written on the third attempt");
            kafka.sendTariff("tariff.imported", t);
            await().atMost(Duration.ofSeconds(30)).until(() -> failedAttempts() >= 2);
            try (Connection c = dataSource.getConnection(); Statement sql = c.createStatement()) {
                sql.execute("DELETE FROM test_fault");
            }

            awaitVersion(t.id(), 0);
            state(t.id()).body("name", equalTo("Written on the third attempt"));
            assertTrue(kafka.pollDeadLetters().stream().noneMatch(v -> v.contains(t.id().toString())),
                    "retried, not dead-lettered");
        } finally {
            try (Connection c = dataSource.getConnection(); Statement sql = c.createStatement()) {
                sql.execute("DROP TRIGGER test_fault ON tariff_view");
                sql.execute("DROP FUNCTION test_fault()");
                sql.execute("DROP SEQUENCE test_fault_attempts");
                sql.execute("DROP TABLE test_fault");
            }
        }
    }

    private long failedAttempts() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement sql = c.createStatement();
                ResultSet rs = sql.executeQuery("SELECT last_value, is_called FROM test_fault_attempts")) {
            rs.next();
            return rs.getBoolean(2) ? rs.getLong(1) : 0;
        }
    }

    @Test
    void enableThreeWithOneUnknownIdReportsEachAndAnnouncesTheTwo() throws Exception {
        Tariff a = Tariff.of(moduleId, productType, "Alpha SSL");
        Tariff b = Tariff.of(moduleId, productType, "Beta SSL");
        project(a, b);
        UUID unknown = UUID.randomUUID();
        kafka.listenToReselling();

        long started = System.nanoTime();
        enable(List.of(a.id(), unknown, b.id()), false)
                .body("results", hasSize(3))
                .body("results[0].id", equalTo(a.id().toString())).body("results[0].status", equalTo("enabled"))
                .body("results[1].id", equalTo(unknown.toString())).body("results[1].status", nullValue())
                .body("results[1].error.status", equalTo(404))
                .body("results[1].error.type", equalTo("/problems/not-found"))
                .body("results[1].error.detail", containsString(unknown.toString()))
                .body("results[2].status", equalTo("enabled"));
        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> catalog(productType)
                .body("items.id", contains(a.id().toString(), b.id().toString())));
        assertTrue(System.nanoTime() - started < 1_000_000_000L * 2, "enable + catalog took too long");

        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.poll().stream()
                .filter(r -> r.key().equals(a.id().toString()) || r.key().equals(b.id().toString())).count() == 2);
        JsonNode event = JSON.readTree(kafka.receivedFor(a.id()).get(0).value());
        assertEquals("tariff.enabled", event.get("type").asText());
        assertEquals("reselling-service", event.get("source").asText());
        assertEquals(a.id().toString(), event.get("data").get("tariffId").asText());
        assertEquals(moduleId.toString(), event.get("data").get("processingModuleId").asText());
        assertEquals(productType, event.get("data").get("productType").asText());
        assertTrue(kafka.receivedFor(unknown).isEmpty());

        // Enabling again is a no-op success: no second event (a marker enabled after proves the stream moved on).
        enable(List.of(a.id()), false).body("results[0].status", equalTo("enabled"));
        Tariff marker = Tariff.of(moduleId, productType, "Zeta marker");
        project(marker);
        enable(List.of(marker.id()), false).body("results[0].status", equalTo("enabled"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            kafka.poll();
            return !kafka.receivedFor(marker.id()).isEmpty();
        });
        assertEquals(1, kafka.receivedFor(a.id()).size());
    }

    @Test
    void disableTakesTheTariffOffTheCatalogAndAnnouncesIt() throws Exception {
        Tariff a = Tariff.of(moduleId, productType, "Alpha");
        Tariff b = Tariff.of(moduleId, productType, "Beta");
        project(a, b);
        enable(List.of(a.id(), b.id()), false);
        catalog(productType).body("items", hasSize(2));
        kafka.listenToReselling();

        given().contentType(ContentType.JSON).body(body(List.of(a.id(), UUID.randomUUID()), false))
                .when().post("/tariffs/disable")
                .then().statusCode(200)
                .body("results[0].status", equalTo("disabled"))
                .body("results[1].error.status", equalTo(404));
        // The page read just before was cached; the disable's commit drops it, so the change shows at once.
        catalog(productType).body("items.id", contains(b.id().toString())).body("total", equalTo(1));
        state(a.id()).body("enabled", equalTo(false)).body("inCatalog", equalTo(false));

        // The listener may still see the enable's own event go by; the disable must follow it.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            kafka.poll();
            return typesFor(a.id()).contains("tariff.disabled");
        });
        assertTrue(typesFor(b.id()).stream().noneMatch("tariff.disabled"::equals));
        // Disabling a disabled tariff succeeds too.
        given().contentType(ContentType.JSON).body(body(List.of(a.id()), false)).when().post("/tariffs/disable")
                .then().statusCode(200).body("results[0].status", equalTo("disabled"));
    }

    @Test
    void everyEnableAndDisableAnnouncesTheNextResellingStateVersion() throws Exception {
        Tariff t = Tariff.of(moduleId, productType, "Versioned");
        project(t);
        kafka.listenToReselling();
        enable(List.of(t.id()), false);
        given().contentType(ContentType.JSON).body(body(List.of(t.id()), false)).when().post("/tariffs/disable")
                .then().statusCode(200);
        enable(List.of(t.id()), false);
        // Taken off sale by the system: announced with the next version too.
        kafka.sendTariff("tariff.upstream-changed", t.next(t.name(), t.amount(), true, true));

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            kafka.poll();
            return kafka.receivedFor(t.id()).size() >= 4;
        });
        List<String> announced = new ArrayList<>();
        for (ConsumerRecord<String, String> record : kafka.receivedFor(t.id())) {
            JsonNode event = JSON.readTree(record.value());
            announced.add(event.get("type").asText() + " v" + event.get("data").get("version").asLong());
        }
        assertEquals(List.of("tariff.enabled v1", "tariff.disabled v2", "tariff.enabled v3", "tariff.disabled v4"),
                announced);
    }

    @Test
    void marginGuardRefusesBelowCostUnlessAllowed() throws Exception {
        Tariff cheap = new Tariff(UUID.randomUUID(), moduleId, productType, "Cheap", 0, "8.00", "10.00", true, false);
        project(cheap);

        enable(List.of(cheap.id()), false)
                .body("results[0].error.status", equalTo(409))
                .body("results[0].error.type", equalTo("/problems/below-cost"));
        state(cheap.id()).body("enabled", equalTo(false));

        enable(List.of(cheap.id()), true).body("results[0].status", equalTo("enabled"));
        catalog(productType).body("items.id", contains(cheap.id().toString()));
    }

    @Test
    void aPriceRaiseCommittedJustBeforeTheEnableCountsThoughTheReadModelHasNotSeenItYet() throws Exception {
        Tariff cheap = new Tariff(UUID.randomUUID(), moduleId, productType, "Cheap", 0, "8.00", "10.00", true, false);
        project(cheap);
        // The reseller raised the price above cost (version 1 in tariff-service); this service still knows version 0.
        TariffServiceStub.current(cheap.id(), 1, true, false, false);

        enable(List.of(cheap.id()), false).body("results[0].status", equalTo("enabled"));
        state(cheap.id()).body("enabled", equalTo(true)).body("version", equalTo(0));
        String token = TariffServiceStub.lastAuthorization().substring("Bearer ".length());
        assertTrue(JwtTokens.claims(token).contains("\"groups\":[\"service\"]"), "asked on its own account");
    }

    @Test
    void aPriceCutCommittedJustBeforeTheEnableIsRefusedThoughTheReadModelStillShowsAMargin() throws Exception {
        Tariff fine = Tariff.of(moduleId, productType, "Fine");
        project(fine);
        TariffServiceStub.current(fine.id(), 1, true, false, true);

        enable(List.of(fine.id()), false)
                .body("results[0].error.status", equalTo(409))
                .body("results[0].error.type", equalTo("/problems/below-cost"));
        state(fine.id()).body("enabled", equalTo(false));
    }

    @Test
    void enablingWithTheVersionTheCallerSawRefusesAnotherCurrentVersion() throws Exception {
        Tariff cheap = new Tariff(UUID.randomUUID(), moduleId, productType, "Cheap", 0, "8.00", "10.00", true, false);
        project(cheap);
        TariffServiceStub.current(cheap.id(), 2, true, false, false);

        given().contentType(ContentType.JSON).body("{\"ids\":[\"" + cheap.id() + "\"],\"versions\":{\""
                + cheap.id() + "\":1}}").when().post("/tariffs/enable").then().statusCode(200)
                .body("results[0].error.status", equalTo(409))
                .body("results[0].error.type", equalTo("/problems/stale-version"))
                .body("results[0].error.detail", containsString("version 2"));
        state(cheap.id()).body("enabled", equalTo(false));

        given().contentType(ContentType.JSON).body("{\"ids\":[\"" + cheap.id() + "\"],\"versions\":{\""
                + cheap.id() + "\":2}}").when().post("/tariffs/enable").then().statusCode(200)
                .body("results[0].status", equalTo("enabled"));
        given().contentType(ContentType.JSON).body("{\"ids\":[\"" + cheap.id() + "\"],\"versions\":{\""
                + cheap.id() + "\":null}}").when().post("/tariffs/enable").then().statusCode(422)
                .body("errors.field", hasItem("versions." + cheap.id()));
    }

    @Test
    void withTariffServiceDownNothingIsEnabledAndTheAnswerIs503() throws Exception {
        Tariff fine = Tariff.of(moduleId, productType, "Fine");
        project(fine);
        TariffServiceStub.down(true);
        try {
            given().contentType(ContentType.JSON).body(body(List.of(fine.id()), false)).when().post("/tariffs/enable")
                    .then().statusCode(503).contentType("application/problem+json").body("status", equalTo(503));
        } finally {
            TariffServiceStub.down(false);
        }
        state(fine.id()).body("enabled", equalTo(false));
    }

    @Test
    void removedUnavailableAndDeletedModuleTariffsAreRefused() throws Exception {
        Tariff removed = new Tariff(UUID.randomUUID(), moduleId, productType, "Removed", 0, "15.00", "10.00", true, true);
        Tariff unavailable = new Tariff(UUID.randomUUID(), moduleId, productType, "Unavailable", 0, "15.00", "10.00",
                false, false);
        UUID deletedModule = UUID.randomUUID();
        Tariff orphan = Tariff.of(deletedModule, productType, "Orphan");
        Tariff fine = Tariff.of(moduleId, productType, "Fine");
        project(removed, unavailable, orphan, fine);
        kafka.sendModule(deletedModule, 4, true);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> state(orphan.id()).body("moduleDeleted", equalTo(true)));

        enable(List.of(removed.id(), unavailable.id(), orphan.id(), fine.id()), true)
                .body("results[0].error.status", equalTo(409))
                .body("results[0].error.type", equalTo("/problems/upstream-removed"))
                .body("results[1].error.status", equalTo(409))
                .body("results[1].error.type", equalTo("/problems/upstream-unavailable"))
                .body("results[2].error.status", equalTo(409))
                .body("results[2].error.type", equalTo("/problems/module-deleted"))
                .body("results[3].status", equalTo("enabled"));
        catalog(productType).body("items.id", contains(fine.id().toString()));
    }

    @Test
    void tariffRemovedUpstreamOrModuleDeletedWhileEnabledIsDisabledAutomatically() throws Exception {
        Tariff a = Tariff.of(moduleId, productType, "Goes away");
        UUID otherModule = UUID.randomUUID();
        Tariff b = Tariff.of(otherModule, productType, "Module goes away");
        Tariff c = Tariff.of(moduleId, productType, "Stays");
        project(a, b, c);
        enable(List.of(a.id(), b.id(), c.id()), false);
        kafka.listenToReselling();

        kafka.sendTariff("tariff.upstream-changed", a.next(a.name(), a.amount(), true, true));
        kafka.sendModule(otherModule, 1, true);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> catalog(productType)
                .body("items.id", contains(c.id().toString())));
        state(a.id()).body("enabled", equalTo(false)).body("reason", equalTo("upstream-removed"));
        state(b.id()).body("enabled", equalTo(false)).body("reason", equalTo("module-deleted"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            kafka.poll();
            return typesFor(a.id()).contains("tariff.disabled") && typesFor(b.id()).contains("tariff.disabled");
        });
        assertTrue(typesFor(c.id()).stream().noneMatch("tariff.disabled"::equals));
    }

    @Test
    void aCostSyncPuttingAnEnabledTariffBelowCostTakesItOffSaleAtOnceUnlessEnabledWithAllowBelowCost()
            throws Exception {
        Tariff guarded = Tariff.of(moduleId, productType, "Guarded");
        Tariff allowed = Tariff.of(moduleId, productType, "Allowed");
        project(guarded, allowed);
        enable(List.of(guarded.id()), false).body("results[0].status", equalTo("enabled"));
        enable(List.of(allowed.id()), true).body("results[0].status", equalTo("enabled"));
        kafka.listenToReselling();

        // The upstream cost rises above both selling prices (15.00).
        Tariff guardedNow = guarded.withCost("16.00");
        Tariff allowedNow = allowed.withCost("16.00");
        kafka.sendTariff("tariff.upstream-changed", guardedNow);
        kafka.sendTariff("tariff.upstream-changed", allowedNow);
        awaitVersion(guarded.id(), guardedNow.version());
        awaitVersion(allowed.id(), allowedNow.version());

        state(guarded.id()).body("enabled", equalTo(false)).body("reason", equalTo("below-cost"))
                .body("inCatalog", equalTo(false));
        state(allowed.id()).body("enabled", equalTo(true)).body("inCatalog", equalTo(true));
        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> catalog(productType)
                .body("items.id", contains(allowed.id().toString())));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            kafka.poll();
            return typesFor(guarded.id()).contains("tariff.disabled");
        });
        JsonNode disabled = null;
        for (ConsumerRecord<String, String> record : kafka.receivedFor(guarded.id())) {
            JsonNode event = JSON.readTree(record.value());
            if (event.get("type").asText().equals("tariff.disabled")) {
                disabled = event;
            }
        }
        assertEquals("below-cost", disabled.get("data").get("reason").asText());
        assertTrue(typesFor(allowed.id()).stream().noneMatch("tariff.disabled"::equals),
                "the tariff enabled with allowBelowCost stays on sale");

        // A later edit without allowBelowCost withdraws the allowance: the next below-cost state takes it off sale.
        Tariff edited = allowedNow.next("Allowed renamed", allowedNow.amount(), true, false);
        kafka.sendTariff("tariff.updated", edited, false);
        awaitVersion(allowed.id(), edited.version());
        state(allowed.id()).body("enabled", equalTo(false)).body("reason", equalTo("below-cost"));
    }

    @Test
    void aTariffRepricedWithAllowBelowCostStaysOnSaleBelowCost() throws Exception {
        Tariff t = Tariff.of(moduleId, productType, "Repriced");
        project(t);
        enable(List.of(t.id()), false).body("results[0].status", equalTo("enabled"));
        Tariff repriced = t.next(t.name(), "9.00", true, false);
        kafka.sendTariff("tariff.updated", repriced, true);
        awaitVersion(t.id(), repriced.version());
        state(t.id()).body("enabled", equalTo(true)).body("belowCost", equalTo(true));
        catalog(productType).body("items.id", contains(t.id().toString()));
    }

    @Test
    void catalogShowsEnabledTariffsWithSellingPricesOnlySortedPagedAndFiltered() throws Exception {
        List<Tariff> tariffs = new ArrayList<>();
        for (String name : List.of("Delta", "alpha", "Charlie", "Bravo", "Echo")) {
            tariffs.add(Tariff.of(moduleId, productType, name));
        }
        Tariff disabled = Tariff.of(moduleId, productType, "Disabled");
        String otherType = productType + "-x";
        Tariff other = Tariff.of(moduleId, otherType, "Other type");
        List<Tariff> all = new ArrayList<>(tariffs);
        all.add(disabled);
        all.add(other);
        project(all.toArray(new Tariff[0]));
        List<UUID> toEnable = new ArrayList<>(tariffs.stream().map(Tariff::id).toList());
        toEnable.add(other.id());
        enable(toEnable, false);

        JsonPath page0 = catalog(productType + "&page=0&size=2").body("total", equalTo(5)).body("page", equalTo(0))
                .body("size", equalTo(2)).extract().jsonPath();
        List<String> names = new ArrayList<>(page0.getList("items.name"));
        names.addAll(catalog(productType + "&page=1&size=2").extract().jsonPath().getList("items.name"));
        names.addAll(catalog(productType + "&page=2&size=2").body("items", hasSize(1)).extract().jsonPath()
                .getList("items.name"));
        assertEquals(List.of("alpha", "Bravo", "Charlie", "Delta", "Echo"), names, "by name, case-insensitive");
        assertEquals(5, names.size());
        assertTrue(!names.contains("Disabled") && !names.contains("Other type"));
        catalog(productType + "&page=9&size=2").body("items", hasSize(0)).body("total", equalTo(5));

        String item = given().when().get("/catalog?productType=" + otherType).then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(other.id().toString()))
                .body("items[0].name", equalTo("Other type"))
                .body("items[0].productType", equalTo(otherType))
                .body("items[0].provider", equalTo("My Company"))
                .body("items[0].prices.period", contains(1, 12))
                .body("items[0].prices[1].amount", equalTo("15.00"))
                .body("items[0].prices[1].currency", equalTo("USD"))
                .extract().asString();
        assertTrue(!item.contains("upstreamCost") && !item.contains("10.00"), item);
        // Unfiltered, this test's tariffs are there too.
        given().when().get("/catalog?size=500").then().statusCode(200).body("total", not(equalTo(0)));

        // An edit through tariff-service's event shows in the catalog.
        Tariff renamed = other.next("Other type renamed", "17.50", true, false);
        kafka.sendTariff("tariff.updated", renamed);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> catalog(otherType)
                .body("items[0].name", equalTo("Other type renamed")).body("items[0].prices[1].amount", equalTo("17.50")));
    }

    @Test
    void badPagingOrProductTypeIs400() {
        for (String query : List.of("page=-1", "size=0", "size=501", "size=100000", "productType=NOT%20A%20TYPE")) {
            given().when().get("/catalog?" + query).then().statusCode(400)
                    .contentType("application/problem+json").body("status", equalTo(400)).body("errors", not(hasSize(0)));
        }
    }

    @Test
    void malformedBulkRequestsAre422WithFieldErrors() {
        given().contentType(ContentType.JSON).body("{\"ids\":[]}").when().post("/tariffs/enable")
                .then().statusCode(422).body("errors.field", hasItem("ids"));
        given().contentType(ContentType.JSON).body("{}").when().post("/tariffs/disable")
                .then().statusCode(422).body("errors.field", hasItem("ids"));
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> "\"" + UUID.randomUUID() + "\"")
                .collect(Collectors.joining(",", "{\"ids\":[", "]}"));
        given().contentType(ContentType.JSON).body(tooMany).when().post("/tariffs/enable")
                .then().statusCode(422).body("errors.field", hasItem("ids"));
        given().contentType(ContentType.JSON).body("{\"ids\":[\"" + UUID.randomUUID() + "\",\"nope\"]}")
                .when().post("/tariffs/enable")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("ids[1]")).body("errors[0].message", containsString("UUID"));
        given().contentType(ContentType.JSON).body("{\"ids\":").when().post("/tariffs/enable").then().statusCode(400);
    }

    @Test
    void unknownTariffStateIs404() {
        given().when().get("/tariffs/" + UUID.randomUUID() + "/reselling-state").then().statusCode(404)
                .body("type", equalTo("/problems/not-found"));
    }

    private List<String> typesFor(UUID id) throws Exception {
        List<String> types = new ArrayList<>();
        for (ConsumerRecord<String, String> record : kafka.receivedFor(id)) {
            types.add(JSON.readTree(record.value()).get("type").asText());
        }
        return types;
    }

    private void project(Tariff... tariffs) throws Exception {
        for (Tariff t : tariffs) {
            kafka.sendTariff("tariff.imported", t);
        }
        for (Tariff t : tariffs) {
            awaitVersion(t.id(), t.version());
        }
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

    private static io.restassured.response.ValidatableResponse catalog(String productTypeAndQuery) {
        return given().when().get("/catalog?productType=" + productTypeAndQuery).then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse enable(List<UUID> ids, boolean allowBelowCost) {
        return given().contentType(ContentType.JSON).body(body(ids, allowBelowCost)).when().post("/tariffs/enable")
                .then().statusCode(200);
    }

    private static String body(List<UUID> ids, boolean allowBelowCost) {
        return ids.stream().map(id -> "\"" + id + "\"")
                .collect(Collectors.joining(",", "{\"ids\":[", "],\"allowBelowCost\":" + allowBelowCost + "}"));
    }

}
