package io.resellhub.tariff.rest;

import static io.resellhub.tariff.ModuleServiceStub.plan;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.localinfra.EventContracts;
import io.resellhub.localinfra.RealInfrastructure;
import io.resellhub.tariff.ModuleServiceStub;
import io.resellhub.tariff.RealInfrastructureProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Import, dry run, edit, list, sync, status projection and job resumption, on the real database and broker. */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class TariffCatalogTest {

    private static final String SSL = "ssl-certificate";

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper mapper;

    private final java.util.concurrent.atomic.AtomicLong resellingVersions = new java.util.concurrent.atomic.AtomicLong();

    private static List<Map<String, Object>> threePlans() {
        return List.of(plan("1", "Alpha SSL", 12, "10.00", -100, "0"), plan("2", "Beta SSL", 12, "20.00", 24, "35.00"),
                plan("3", "Gamma SSL", 0, "99.9900", -50, "1.00"));
    }

    private static UUID moduleWithThreePlans() {
        UUID module = ModuleServiceStub.module(SSL);
        ModuleServiceStub.plans(module, threePlans());
        return module;
    }

    private static JsonPath importAndWait(UUID module, List<String> ids) {
        return importAndWait(module, ids, "My Company");
    }

    private static JsonPath importAndWait(UUID module, List<String> ids, String provider) {
        Map<String, Object> body = ids == null ? Map.of("processingModuleId", module, "productType", SSL, "provider", provider)
                : Map.of("processingModuleId", module, "productType", SSL, "provider", provider, "upstreamTariffIds", ids);
        JsonPath job = given().contentType(ContentType.JSON).body(body).when().post("/tariff-imports").then()
                .statusCode(202).header("Location", notNullValue()).body("status", equalTo("queued")).extract().jsonPath();
        return awaitJob(job.getString("id"));
    }

    private static JsonPath awaitJob(String id) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String status = given().get("/tariff-imports/" + id).then().statusCode(200).extract().path("status");
            return status.equals("succeeded") || status.equals("failed");
        });
        return given().get("/tariff-imports/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Renames Alpha (upstream id 1) "My Alpha" and reprices it 14.50 for 12 months; returns it as it was before. */
    private static Map<String, Object> importedAlphaEditedByTheReseller(UUID module) {
        Map<String, Object> alpha = byUpstream(tariffsOf(module), "1");
        given().contentType(ContentType.JSON).body(Map.of("version", alpha.get("version"), "name", "My Alpha",
                "prices", List.of(Map.of("period", 12, "amount", "14.50")))).patch("/tariffs/" + alpha.get("id"))
                .then().statusCode(200);
        return alpha;
    }

    private static JsonPath tariffsOf(UUID module) {
        return given().queryParam("processingModuleId", module.toString()).get("/tariffs").then().statusCode(200)
                .extract().jsonPath();
    }

    private static Map<String, Object> byUpstream(JsonPath list, String upstreamId) {
        return list.getMap("items.find { it.upstreamTariffId == '" + upstreamId + "' }");
    }

    @Test
    void importChosenPlansThenAllWithoutDuplicatesReportingUnsellablePeriods() {
        UUID module = moduleWithThreePlans();

        JsonPath first = importAndWait(module, List.of("1"));
        assertEquals("succeeded", first.getString("status"));
        assertEquals(1, first.getInt("total"));
        assertEquals(1, first.getInt("created"));
        assertTrue(first.getString("errors").contains("trial (-100) cannot be sold"), first.prettify());

        JsonPath all = importAndWait(module, null);
        assertEquals(3, all.getInt("total"));
        assertEquals(2, all.getInt("created"));
        assertEquals(1, all.getInt("unchanged"));
        assertTrue(all.getString("errors").contains("daily (-50) cannot be sold"), all.prettify());

        JsonPath list = tariffsOf(module);
        assertEquals(3, list.getInt("total"));
        assertEquals(List.of("Alpha SSL", "Beta SSL", "Gamma SSL"), list.getList("items.name"));
        Map<String, Object> alpha = byUpstream(list, "1");
        assertEquals("disabled", alpha.get("status"));
        assertEquals("My Company", alpha.get("provider"));
        assertEquals(List.of(Map.of("period", 12, "amount", "10.00", "currency", "USD", "upstreamCost", "10.00")),
                alpha.get("prices"));
        Map<String, Object> gamma = byUpstream(list, "3");
        assertEquals("99.99", ((List<Map<String, Object>>) gamma.get("prices")).get(0).get("amount"));

        // What the upstream offers, joined with what is imported, sorted by name and paged.
        given().queryParam("productType", SSL).queryParam("size", 2).get("/processing-modules/" + module + "/upstream-tariffs")
                .then().statusCode(200).body("total", equalTo(3)).body("items", hasSize(2))
                .body("items[0].name", equalTo("Alpha SSL")).body("items[0].imported", equalTo(true))
                .body("items[0].tariffId", equalTo(alpha.get("id")))
                .body("items[0].prices.period", equalTo(List.of(-100, 12)));
    }

    @Test
    void importedEventsArePublishedKeyedByTariffIdAndKeepTheirContract() {
        UUID module = moduleWithThreePlans();
        importAndWait(module, null);
        Set<String> ids = new HashSet<>(tariffsOf(module).getList("items.id"));
        String alpha = (String) importedAlphaEditedByTheReseller(module).get("id");
        List<JsonNode> events = tariffEvents(ids, seen -> seen.stream().filter(e -> e.get("type").asText()
                .equals("tariff.imported")).count() == ids.size() && seen.stream().anyMatch(e -> e.get("type").asText()
                .equals("tariff.updated")));
        for (JsonNode envelope : events) {
            String id = envelope.get("subject").asText();
            assertEquals(id, envelope.get("data").get("id").asText());
            assertEquals(module.toString(), envelope.get("data").get("processingModuleId").asText());
            if (envelope.get("type").asText().equals("tariff.updated")) {
                assertEquals(alpha, id);
                assertEquals("My Alpha", envelope.get("data").get("name").asText());
                assertEquals(1, envelope.get("data").get("version").asLong(), "the edit's version");
            }
        }
    }

    /** The events on {@code tariffs} keyed by one of {@code ids}, each checked against its contract, once {@code done}. */
    private static List<JsonNode> tariffEvents(Set<String> ids, java.util.function.Predicate<List<JsonNode>> done) {
        List<JsonNode> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "tariff-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("tariffs"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (ids.contains(r.key())) {
                        seen.add(EventContracts.check(r.value()));
                    }
                });
                return done.test(seen);
            });
        }
        return seen;
    }

    @Test
    void dryRunShowsTheDiffAndChangesNothingThenReimportKeepsTheResellersEdits() {
        UUID module = moduleWithThreePlans();
        importAndWait(module, null);
        Map<String, Object> alpha = importedAlphaEditedByTheReseller(module);

        // Upstream: Alpha's 12-month cost rises and it gains 24 months; Gamma vanished; Delta is new.
        ModuleServiceStub.plans(module, List.of(plan("1", "Alpha SSL v2", 12, "16.00", 24, "30.00"),
                plan("2", "Beta SSL", 12, "20.00", 24, "35.00"), plan("4", "Delta SSL", 1, "2.00")));
        given().contentType(ContentType.JSON).body(Map.of("processingModuleId", module, "productType", SSL, "dryRun", true))
                .post("/tariff-imports").then().statusCode(200)
                .body("create.upstreamId", equalTo(List.of("4"))).body("create[0].name", equalTo("Delta SSL"))
                .body("costChanges", hasSize(2))
                .body("costChanges.find { it.period == 12 }.oldCost", equalTo("10.00"))
                .body("costChanges.find { it.period == 12 }.newCost", equalTo("16.00"))
                .body("costChanges.find { it.period == 24 }.oldCost", equalTo(null))
                .body("costChanges.find { it.period == 24 }.tariffId", equalTo(alpha.get("id")))
                .body("removedUpstream.upstreamId", equalTo(List.of("3")));
        assertEquals(3, tariffsOf(module).getInt("total"));
        assertEquals("10.00", ((List<Map<String, Object>>) byUpstream(tariffsOf(module), "1").get("prices")).get(0)
                .get("upstreamCost"));

        JsonPath job = importAndWait(module, null);
        assertEquals(1, job.getInt("created"));
        assertEquals(1, job.getInt("updated"));
        assertEquals(1, job.getInt("removed"));
        JsonPath list = tariffsOf(module);
        assertEquals(4, list.getInt("total"));
        Map<String, Object> reimported = byUpstream(list, "1");
        assertEquals("My Alpha", reimported.get("name"));
        assertEquals(List.of(Map.of("period", 12, "amount", "14.50", "currency", "USD", "upstreamCost", "16.00"),
                Map.of("period", 24, "amount", "30.00", "currency", "USD", "upstreamCost", "30.00")), reimported.get("prices"));
        assertEquals(true, reimported.get("belowCost"));
        assertEquals(true, byUpstream(list, "3").get("upstreamRemoved"));
        assertEquals(false, byUpstream(list, "2").get("upstreamRemoved"));

        // The re-import announced the upstream side's changes, within their contract.
        tariffEvents(Set.of((String) alpha.get("id")), seen -> seen.stream().anyMatch(e -> e.get("type").asText()
                .equals("tariff.upstream-changed") && e.get("data").get("belowCost").asBoolean()));
    }

    @Test
    void reimportWithAnotherProviderChangesOnlyTheProvider() {
        UUID module = moduleWithThreePlans();
        importAndWait(module, null);
        Map<String, Object> alpha = importedAlphaEditedByTheReseller(module);

        JsonPath job = importAndWait(module, null, "Other Company");
        assertEquals(3, job.getInt("updated"), job.prettify());
        Map<String, Object> after = byUpstream(tariffsOf(module), "1");
        assertEquals("Other Company", after.get("provider"));
        assertEquals("My Alpha", after.get("name"));
        assertEquals("14.50", ((List<Map<String, Object>>) after.get("prices")).get(0).get("amount"));
        assertEquals(((Number) alpha.get("version")).intValue() + 2, ((Number) after.get("version")).intValue(),
                "one version for the edit, one for the provider");

        JsonPath again = importAndWait(module, null, "Other Company");
        assertEquals(3, again.getInt("unchanged"), again.prettify());
    }

    @Test
    void patchRenamesAndRepricesWithOptimisticLockingAndValidation() {
        UUID module = moduleWithThreePlans();
        importAndWait(module, List.of("2"));
        Map<String, Object> beta = byUpstream(tariffsOf(module), "2");
        String id = (String) beta.get("id");
        int version = (Integer) beta.get("version");

        given().contentType(ContentType.JSON).body(Map.of("version", version, "name", "  Beta Pro ",
                "prices", List.of(Map.of("period", 24, "amount", "42.5")))).patch("/tariffs/" + id).then().statusCode(200)
                .body("name", equalTo("Beta Pro")).body("version", equalTo(version + 1))
                .body("prices.find { it.period == 24 }.amount", equalTo("42.50"))
                .body("prices.find { it.period == 12 }.amount", equalTo("20.00")).body("belowCost", equalTo(false));

        given().contentType(ContentType.JSON).body(Map.of("version", version, "name", "Stale")).patch("/tariffs/" + id)
                .then().statusCode(409).contentType("application/problem+json").body("type", equalTo("/problems/stale-version"));

        given().contentType(ContentType.JSON).body(Map.of("version", version + 1, "name", "",
                "prices", List.of(Map.of("period", 12, "amount", "-1.00"), Map.of("period", 24, "amount", "1.12345"))))
                .patch("/tariffs/" + id).then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("name", "name", "prices[0].amount", "prices[1].amount"));
        // Unknown period: 422 even with a stale version (the body's fault comes first).
        given().contentType(ContentType.JSON).body(Map.of("version", version,
                "prices", List.of(Map.of("period", 6, "amount", "1.00")))).patch("/tariffs/" + id).then().statusCode(422)
                .body("errors[0].field", equalTo("prices[0].period"));
        given().contentType(ContentType.JSON).body(Map.of("name", "No version")).patch("/tariffs/" + id).then()
                .statusCode(422).body("errors[0].field", equalTo("version"));
        given().get("/tariffs/" + id).then().statusCode(200).body("name", equalTo("Beta Pro"))
                .body("version", equalTo(version + 1));
        given().get("/tariffs/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void listFiltersPagesAndRejectsBadParameters() {
        UUID module = moduleWithThreePlans();
        importAndWait(module, null);
        String m = module.toString();
        given().queryParam("processingModuleId", m).queryParam("size", 2).get("/tariffs").then().statusCode(200)
                .body("total", equalTo(3)).body("items.name", equalTo(List.of("Alpha SSL", "Beta SSL")))
                .body("page", equalTo(0)).body("size", equalTo(2));
        given().queryParam("processingModuleId", m).queryParam("size", 2).queryParam("page", 1).get("/tariffs").then()
                .statusCode(200).body("items.name", equalTo(List.of("Gamma SSL")));
        given().queryParam("processingModuleId", m).queryParam("sort", "-name").get("/tariffs").then().statusCode(200)
                .body("items[0].name", equalTo("Gamma SSL"));
        given().queryParam("processingModuleId", m).queryParam("q", "bEtA").get("/tariffs").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].upstreamTariffId", equalTo("2"));
        given().queryParam("processingModuleId", m).queryParam("productType", "ispsystem-license").get("/tariffs").then()
                .statusCode(200).body("total", equalTo(0));
        given().queryParam("processingModuleId", m).queryParam("productType", SSL).queryParam("status", "disabled")
                .get("/tariffs").then().statusCode(200).body("total", equalTo(3));
        given().queryParam("processingModuleId", m).queryParam("status", "enabled").get("/tariffs").then().statusCode(200)
                .body("total", equalTo(0));

        given().queryParam("status", "sold").get("/tariffs").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
        given().queryParam("size", 100000).get("/tariffs").then().statusCode(400);
        given().queryParam("page", -1).get("/tariffs").then().statusCode(400);
        given().queryParam("processingModuleId", "nope").get("/tariffs").then().statusCode(400);
        given().queryParam("sort", "price").get("/tariffs").then().statusCode(400);
    }

    @Test
    void importIsRefusedForAnUnknownModuleOrAProductTypeItDoesNotServe() {
        UUID module = moduleWithThreePlans();
        given().contentType(ContentType.JSON).body(Map.of("processingModuleId", UUID.randomUUID(), "productType", SSL))
                .post("/tariff-imports").then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("processingModuleId", module, "productType", "ispsystem-license"))
                .post("/tariff-imports").then().statusCode(422).body("type", equalTo("/problems/product-type-not-served"));
        given().contentType(ContentType.JSON).body(Map.of("processingModuleId", module, "productType", "books"))
                .post("/tariff-imports").then().statusCode(422).body("errors[0].field", equalTo("productType"));
        JsonPath job = importAndWait(module, List.of("1", "404"));
        assertEquals(1, job.getInt("created"));
        assertEquals(1, job.getInt("failed"));
        assertTrue(job.getString("errors").contains("does not offer plan 404"), job.prettify());
    }

    @Test
    void furtherModulesAreCheckedUpstreamAndTheHighestCostCounts() {
        UUID own = moduleWithThreePlans();
        importAndWait(own, List.of("2"));
        Map<String, Object> beta = byUpstream(tariffsOf(own), "2");
        String id = (String) beta.get("id");
        given().get("/tariffs/" + id + "/modules").then().statusCode(200).body("modules.size()", equalTo(1))
                .body("modules[0].processingModuleId", equalTo(own.toString()))
                .body("modules[0].importedFrom", equalTo(true));
        UUID other = ModuleServiceStub.module(SSL);
        Map<String, Object> unavailable = new java.util.HashMap<>(plan("b3", "Beta SSL, sold out", 12, "1.00", 24, "1.00"));
        unavailable.put("available", false);
        ModuleServiceStub.plans(other, List.of(plan("b2", "Beta SSL", 12, "22.00", 24, "34.00"),
                plan("b1", "Beta SSL, yearly only", 12, "5.00"), unavailable));
        UUID licenses = ModuleServiceStub.module("ispsystem-license");
        long version = ((Number) beta.get("version")).longValue();

        putModules(id, version, List.of(Map.of("processingModuleId", other, "upstreamTariffId", "b2"))).statusCode(422)
                .body("errors.field", hasItem("modules"));
        for (String[] bad : new String[][] {{"nope", "offers no plan"}, {"b3", "cannot be ordered"},
                {"b1", "does not sell period 24"}}) {
            putModules(id, version, List.of(Map.of("processingModuleId", own, "upstreamTariffId", "2"),
                    Map.of("processingModuleId", other, "upstreamTariffId", bad[0]))).statusCode(422)
                    .body("errors[0].field", equalTo("modules[1].upstreamTariffId"))
                    .body("errors[0].message", containsString(bad[1]));
        }
        putModules(id, version, List.of(Map.of("processingModuleId", own, "upstreamTariffId", "2"),
                Map.of("processingModuleId", licenses, "upstreamTariffId", "b2"))).statusCode(422)
                .body("errors[0].field", equalTo("modules[1].processingModuleId"));
        putModules(id, version + 7, List.of(Map.of("processingModuleId", own, "upstreamTariffId", "2"))).statusCode(409);

        putModules(id, version, List.of(Map.of("processingModuleId", own, "upstreamTariffId", "2"),
                Map.of("processingModuleId", other, "upstreamTariffId", "b2"))).statusCode(200)
                .body("modules.processingModuleId", equalTo(List.of(own.toString(), other.toString())))
                .body("modules[1].upstreamTariffId", equalTo("b2")).body("modules[1].importedFrom", equalTo(false))
                .body("version", equalTo((int) version + 1));
        given().get("/tariffs/" + id).then().statusCode(200)
                .body("prices.find { it.period == 12 }.upstreamCost", equalTo("22.00"))
                .body("prices.find { it.period == 24 }.upstreamCost", equalTo("35.00"))
                .body("belowCost", equalTo(true));

        // A sync of the own module keeps the further module's higher cost: the highest still counts.
        ModuleServiceStub.plans(own, List.of(plan("2", "Beta SSL", 12, "19.00", 24, "36.00")));
        assertEquals("succeeded", awaitJob(given().post("/processing-modules/" + own + "/tariff-sync").then()
                .statusCode(202).extract().path("id")).getString("status"));
        given().get("/tariffs/" + id).then().statusCode(200)
                .body("prices.find { it.period == 12 }.upstreamCost", equalTo("22.00"))
                .body("prices.find { it.period == 24 }.upstreamCost", equalTo("36.00"));
        given().get("/tariffs/" + id + "/modules").then().statusCode(200).body("modules.size()", equalTo(2));
    }

    private static io.restassured.response.ValidatableResponse putModules(String tariffId, long version,
            List<Map<String, Object>> modules) {
        return given().contentType(ContentType.JSON).body(Map.of("version", version, "modules", modules))
                .put("/tariffs/" + tariffId + "/modules").then();
    }

    @Test
    void syncFlagsVanishedPlansAndTariffsNowBelowCost() {
        UUID module = moduleWithThreePlans();
        importAndWait(module, null);
        ModuleServiceStub.plans(module, List.of(plan("1", "Alpha SSL", 12, "11.00"), plan("2", "Beta SSL", 12, "20.00", 24, "35.00"),
                plan("9", "Not imported", 12, "1.00")));
        String job = given().post("/processing-modules/" + module + "/tariff-sync").then().statusCode(202)
                .header("Location", notNullValue()).body("kind", equalTo("sync")).extract().path("id");
        JsonPath done = awaitJob(job);
        assertEquals("succeeded", done.getString("status"));
        assertEquals(1, done.getInt("updated"));
        assertEquals(1, done.getInt("removed"));
        JsonPath list = tariffsOf(module);
        assertEquals(3, list.getInt("total"), "a sync creates nothing");
        assertEquals(true, byUpstream(list, "1").get("belowCost"));
        assertEquals(false, byUpstream(list, "2").get("belowCost"));
        assertEquals(true, byUpstream(list, "3").get("upstreamRemoved"));
        given().post("/processing-modules/" + UUID.randomUUID() + "/tariff-sync").then().statusCode(404);
    }

    @Test
    void resellingEventsProjectTheStatusWithoutBumpingTheVersion() throws Exception {
        UUID module = moduleWithThreePlans();
        importAndWait(module, List.of("1"));
        Map<String, Object> alpha = byUpstream(tariffsOf(module), "1");
        String id = (String) alpha.get("id");
        String event = resellingEvent("tariff.enabled", id, module, Map.of());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("reselling", id, event)).get();
            producer.send(new ProducerRecord<>("reselling", id, event)).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given().queryParam("processingModuleId", module.toString())
                .queryParam("status", "enabled").get("/tariffs").then().extract().jsonPath().getInt("total") == 1);
        given().get("/tariffs/" + id).then().body("status", equalTo("enabled")).body("version", equalTo(alpha.get("version")))
                .body("disabledReason", nullValue()).body("allowBelowCost", equalTo(false));
    }

    @Test
    void systemDisablingShowsItsReasonAndEnablingWithAllowBelowCostShowsTheAllowance() throws Exception {
        UUID module = moduleWithThreePlans();
        importAndWait(module, List.of("1"));
        String id = (String) byUpstream(tariffsOf(module), "1").get("id");
        sendReselling(id, resellingEvent("tariff.enabled", id, module, Map.of()));
        sendReselling(id, resellingEvent("tariff.disabled", id, module, Map.of("reason", "below-cost")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/tariffs/" + id).then()
                .body("status", equalTo("disabled")).body("disabledReason", equalTo("below-cost")));

        sendReselling(id, resellingEvent("tariff.enabled", id, module, Map.of("allowBelowCost", true)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/tariffs/" + id).then()
                .body("status", equalTo("enabled")).body("disabledReason", nullValue())
                .body("allowBelowCost", equalTo(true)));
        // Disabled by the reseller: no reason.
        sendReselling(id, resellingEvent("tariff.disabled", id, module, Map.of()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/tariffs/" + id).then()
                .body("status", equalTo("disabled")).body("disabledReason", nullValue()));
    }

    @Test
    void patchOfAnEnabledTariffBelowItsCostIsRefusedUnlessAllowBelowCost() throws Exception {
        UUID module = moduleWithThreePlans();
        importAndWait(module, List.of("2"));
        String id = (String) byUpstream(tariffsOf(module), "2").get("id");
        // Disabled: a price below cost is the reseller's business until enabling.
        int version = given().get("/tariffs/" + id).then().extract().path("version");
        given().contentType(ContentType.JSON).body(Map.of("version", version, "prices",
                List.of(Map.of("period", 12, "amount", "19.00")))).patch("/tariffs/" + id).then().statusCode(200)
                .body("belowCost", equalTo(true)).body("allowBelowCost", equalTo(false));
        given().contentType(ContentType.JSON).body(Map.of("version", version + 1, "prices",
                List.of(Map.of("period", 12, "amount", "20.00")))).patch("/tariffs/" + id).then().statusCode(200);
        sendReselling(id, resellingEvent("tariff.enabled", id, module, Map.of()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/tariffs/" + id).then()
                .body("status", equalTo("enabled")));
        int enabledVersion = version + 2;

        given().contentType(ContentType.JSON).body(Map.of("version", enabledVersion, "name", "Beta cheap", "prices",
                List.of(Map.of("period", 24, "amount", "40.00"), Map.of("period", 12, "amount", "0.01"))))
                .patch("/tariffs/" + id).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("/problems/below-cost")).body("status", equalTo(409))
                .body("errors.field", equalTo(List.of("prices[1].amount")))
                .body("errors[0].message", containsString("20.00"));
        given().get("/tariffs/" + id).then().body("version", equalTo(enabledVersion)).body("name", equalTo("Beta SSL"))
                .body("prices.find { it.period == 12 }.amount", equalTo("20.00"));

        given().contentType(ContentType.JSON).body(Map.of("version", enabledVersion, "prices",
                List.of(Map.of("period", 12, "amount", "0.01")), "allowBelowCost", true)).patch("/tariffs/" + id)
                .then().statusCode(200).body("belowCost", equalTo(true)).body("allowBelowCost", equalTo(true))
                .body("version", equalTo(enabledVersion + 1));
        // A later edit without allowBelowCost clears it, so leaving the price below cost is refused again.
        given().contentType(ContentType.JSON).body(Map.of("version", enabledVersion + 1, "name", "Renamed"))
                .patch("/tariffs/" + id).then().statusCode(409).body("type", equalTo("/problems/below-cost"))
                .body("errors.field", equalTo(List.of("prices")));
        given().contentType(ContentType.JSON).body(Map.of("version", enabledVersion + 1, "prices",
                List.of(Map.of("period", 12, "amount", "25.00")))).patch("/tariffs/" + id).then().statusCode(200)
                .body("belowCost", equalTo(false)).body("allowBelowCost", equalTo(false));
    }

    @Test
    void dryRunReportsWhatTheImportReportsACurrencyChangeIncluded() {
        UUID module = moduleWithThreePlans();
        importAndWait(module, List.of("1", "2"));
        Map<String, Object> euro = new java.util.HashMap<>(plan("1", "Alpha SSL", 12, "12.00"));
        euro.put("currency", "EUR");
        ModuleServiceStub.plans(module, List.of(euro, plan("2", "Beta SSL", 12, "21.00", 24, "35.00")));
        given().contentType(ContentType.JSON).body(Map.of("processingModuleId", module, "productType", SSL, "dryRun", true,
                "upstreamTariffIds", List.of("1", "2"))).post("/tariff-imports").then().statusCode(200)
                .body("costChanges.upstreamId", equalTo(List.of("2")))
                .body("warnings.find { it.upstreamId == '1' }.message", containsString("currency changed from USD to EUR"));
        JsonPath job = importAndWait(module, List.of("1", "2"));
        assertEquals(1, job.getInt("failed"), job.prettify());
        assertEquals(1, job.getInt("updated"), job.prettify());
        assertTrue(job.getString("errors").contains("currency changed from USD to EUR"), job.prettify());
    }

    /** A reselling event at the next version, as reselling-service numbers them; {@code extra} overrides data fields. */
    private String resellingEvent(String type, String tariffId, UUID module, Map<String, Object> extra) throws Exception {
        return resellingEvent(UUID.randomUUID(), type, tariffId, module, resellingVersions.incrementAndGet(), extra);
    }

    private static void sendReselling(String key, String event) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("reselling", key, event)).get();
        }
    }

    @Test
    void anOlderResellingEventNeverOverridesANewerOneAndARedeliveryIsAppliedOnce() throws Exception {
        UUID module = moduleWithThreePlans();
        importAndWait(module, List.of("1"));
        String id = (String) byUpstream(tariffsOf(module), "1").get("id");
        UUID disabledV2 = UUID.randomUUID();
        UUID enabledV1 = UUID.randomUUID();
        UUID enabledV3 = UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            // Reordered: the disable (version 2) arrives before the enable it followed (version 1).
            producer.send(new ProducerRecord<>("reselling", id, resellingEvent(disabledV2, "tariff.disabled", id, module, 2))).get();
            producer.send(new ProducerRecord<>("reselling", id, resellingEvent(enabledV1, "tariff.enabled", id, module, 1))).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> processed(disabledV2, enabledV1) == 2);
            given().get("/tariffs/" + id).then().body("status", equalTo("disabled"));
            assertEquals(2L, resellingVersion(id));

            // The same envelope twice: one effect, one processed-event row.
            String enable = resellingEvent(enabledV3, "tariff.enabled", id, module, 3);
            producer.send(new ProducerRecord<>("reselling", id, enable)).get();
            producer.send(new ProducerRecord<>("reselling", id, enable)).get();
            producer.send(new ProducerRecord<>("reselling", id, resellingEvent(enabledV1, "tariff.enabled", id, module, 1))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> resellingVersion(id) == 3);
        given().get("/tariffs/" + id).then().body("status", equalTo("enabled"));
        assertEquals(1L, processed(enabledV3));
    }

    private String resellingEvent(UUID eventId, String type, String tariffId, UUID module, long version) throws Exception {
        return resellingEvent(eventId, type, tariffId, module, version, Map.of());
    }

    /** A complete reselling event, checked against its contract. */
    private String resellingEvent(UUID eventId, String type, String tariffId, UUID module, long version,
            Map<String, Object> extra) throws Exception {
        Map<String, Object> data = new java.util.HashMap<>();
        data.put("tariffId", tariffId);
        data.put("processingModuleId", module.toString());
        data.put("productType", SSL);
        data.put("version", version);
        data.put("reason", null);
        data.put("allowBelowCost", false);
        data.putAll(extra);
        String event = mapper.writeValueAsString(Map.of("id", eventId.toString(), "type", type,
                "source", "reselling-service", "subject", tariffId, "time", Instant.now().toString(), "dataVersion", 1,
                "data", data));
        EventContracts.check(event);
        return event;
    }

    private long processed(UUID... eventIds) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM processed_event WHERE consumer = 'tariff-service.reselling' AND event_id IN (?1)")
                .setParameter(1, java.util.Arrays.asList(eventIds)).getSingleResult()).longValue());
    }

    private long resellingVersion(String tariffId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT reselling_version FROM tariff WHERE id = ?1").setParameter(1, UUID.fromString(tariffId))
                .getSingleResult()).longValue());
    }

    @Test
    void aJobLeftRunningByAStoppedInstanceIsResumed() {
        UUID module = moduleWithThreePlans();
        UUID jobId = UUID.randomUUID();
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                INSERT INTO tariff_import (id, kind, processing_module_id, product_type, status, processed, created,
                    owner, heartbeat_at, attempts, created_at, started_at)
                VALUES (?1, 'import', ?2, 'ssl-certificate', 'running', 1, 1, 'tariff-service-dead', ?3, 1, ?3, ?3)""")
                .setParameter(1, jobId).setParameter(2, module).setParameter(3, longAgo).executeUpdate());
        JsonPath job = awaitJob(jobId.toString());
        assertEquals("succeeded", job.getString("status"));
        assertEquals(2, job.getInt("attempts"));
        assertEquals(3, job.getInt("created"));
        assertEquals(3, tariffsOf(module).getInt("total"));
    }

    @Test
    void aJobAbandonedTooOftenIsFailedNotLeftRunning() {
        UUID module = moduleWithThreePlans();
        UUID jobId = UUID.randomUUID();
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                INSERT INTO tariff_import (id, kind, processing_module_id, product_type, status, owner, heartbeat_at,
                    attempts, created_at, started_at)
                VALUES (?1, 'import', ?2, 'ssl-certificate', 'running', 'tariff-service-dead', ?3, 3, ?3, ?3)""")
                .setParameter(1, jobId).setParameter(2, module).setParameter(3, longAgo).executeUpdate());
        JsonPath job = awaitJob(jobId.toString());
        assertEquals("failed", job.getString("status"));
        assertTrue(job.getString("errors").contains("abandoned"), job.prettify());
        given().get("/tariff-imports/" + UUID.randomUUID()).then().statusCode(404);
    }
}
