package io.resellhub.launcher;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.resellhub.localinfra.HostileInput;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The whole system as run.sh starts it (real PostgreSQL, Kafka, simulator and four service JVMs on
 * free ports), driven only through the gateway, then started a second time on the same data, where the Java
 * client generated from the gateway's OpenAPI document walks the four steps and an order.
 */
class WholeStackIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../../..").normalize();
    private static final int BAD_REQUESTS = 900;

    @Test
    void integrationSetupEndToEndAndDataSurvivesARestart() throws Exception {
        Path localDir = Files.createTempDirectory("whole-stack-it");
        LocalStackConfig config = LocalStackConfig.defaults(ROOT).withLocalDir(localDir).withPorts(StackPorts.free());
        String moduleId;
        OpenApiContract contract;
        try (RunningStack stack = LocalStack.start(config)) {
            String gateway = stack.gatewayUrl();
            String admin = stack.adminToken();
            SimulatorSettings sim = stack.simulatorSettings();
            // Every request to /api/v1 below and every answer is held to the document the gateway publishes.
            contract = OpenApiContract.of(gateway);
            RestAssured.filters(contract);

            given().when().get(stack.managementUrl(Service.GATEWAY) + "/q/health/ready").then().statusCode(200)
                    .body("status", equalTo("UP"));
            // Health and metrics are on the management port only, not on the API port.
            given().when().get(gateway + "/q/health/ready").then().statusCode(404);
            given().when().get(gateway + "/q/metrics").then().statusCode(404);
            given().when().get(gateway + "/api/v1/processing-modules").then().statusCode(401)
                    .contentType("application/problem+json");
            given().auth().oauth2(stack.viewerToken()).contentType(ContentType.JSON).body("{}")
                    .when().post(gateway + "/api/v1/processing-modules").then().statusCode(403)
                    .contentType("application/problem+json");

            given().auth().oauth2(admin).when().get(gateway + "/api/v1/product-types").then().statusCode(200)
                    .body("code", hasItem("ssl-certificate"));
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(Map.of("moduleType", "billmanager5", "integration", Map.of("url", stack.simulatorUrl(),
                            "username", sim.username(), "password", sim.password())))
                    .when().post(gateway + "/api/v1/processing-modules/check-connection")
                    .then().statusCode(200).body("ok", equalTo(true)).body("balance", equalTo("1000.00"));

            // A wrong password is refused and nothing is stored.
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(module(stack.simulatorUrl(), sim.username(), "not-the-password", "Wrong"))
                    .when().post(gateway + "/api/v1/processing-modules")
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("instance", equalTo("/api/v1/processing-modules"));

            moduleId = given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(module(stack.simulatorUrl(), sim.username(), sim.password(), "Upstream SSL"))
                    .when().post(gateway + "/api/v1/processing-modules")
                    .then().statusCode(201)
                    .header("Location", containsString(gateway + "/api/v1/processing-modules/"))
                    .body("integration.password", equalTo(null))
                    .extract().path("id");
            given().auth().oauth2(stack.viewerToken()).when().get(gateway + "/api/v1/processing-modules")
                    .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(moduleId))
                    .body(not(containsString(sim.password())));
            given().auth().oauth2(admin).when().get(gateway + "/api/v1/processing-modules/" + moduleId + "/balance")
                    .then().statusCode(200).body("balance", equalTo("1000.00")).body("belowMinimum", equalTo(false));

            // The module-service event crossed the broker into reselling-service's read model.
            String reselling = stack.serviceUrl(Service.RESELLING_SERVICE);
            String id = moduleId;
            await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(admin).when()
                    .get(reselling + "/internal/modules/" + id).then().extract().statusCode() == 200);
            given().auth().oauth2(admin).when().get(reselling + "/internal/modules/" + id).then()
                    .body("name", equalTo("Upstream SSL")).body("deleted", equalTo(false));

            Map<String, Object> update = module(stack.simulatorUrl(), sim.username(), null, "Renamed SSL");
            update.put("version", 0);
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(update)
                    .when().put(gateway + "/api/v1/processing-modules/" + moduleId)
                    .then().statusCode(200).body("name", equalTo("Renamed SSL")).body("version", equalTo(1));
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(update)
                    .when().put(gateway + "/api/v1/processing-modules/" + moduleId)
                    .then().statusCode(409).contentType("application/problem+json");

            String simAdmin = stack.simulatorUrl() + "/_sim";
            importThreeThenAllEditAndReimport(gateway, admin, moduleId, simAdmin);
            syncFlagsRemovedPlansAndBelowCost(gateway, admin, moduleId, simAdmin);
            sellThroughTheGateway(stack, moduleId, simAdmin);
            servicesBehindTheGatewayWantATokenToo(stack);
            badInputThroughTheGateway(stack);
            everyMetricTheDashboardAndTheAlertsUseIsExposed(stack);
        } finally {
            RestAssured.reset();
        }
        contract.assertHeld();
        System.out.printf("WholeStackIT: %d exchanges with /api/v1 held to the published OpenAPI document%n",
                contract.checked());

        // A second start on the same .local keeps what the first one stored.
        try (RunningStack stack = LocalStack.start(config.withPorts(StackPorts.free()))) {
            String gateway = stack.gatewayUrl();
            given().auth().oauth2(stack.adminToken()).when().get(gateway + "/api/v1/processing-modules/" + moduleId)
                    .then().statusCode(200).body("name", equalTo("Renamed SSL"));
            // 409 until module-service has seen the last tariff.disabled (a refused DELETE changes nothing).
            String admin = stack.adminToken();
            String module = gateway + "/api/v1/processing-modules/" + moduleId;
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    given().auth().oauth2(admin).when().delete(module).then().extract().statusCode() == 204);
            String reselling = stack.serviceUrl(Service.RESELLING_SERVICE);
            String id = moduleId;
            await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(admin).when()
                    .get(reselling + "/internal/modules/" + id).then().extract().<Boolean>path("deleted"));

            // A Java client generated from the published document walks the four steps and an order.
            GeneratedClientWalk.walk(stack);
        }
    }

    /**
     * Steps 2 and 3: import three plans, then all (no duplicates); rename and reprice one; a re-import keeps
     * the edit and takes the new upstream cost the simulator was given meanwhile.
     */
    private static void importThreeThenAllEditAndReimport(String gateway, String admin, String moduleId,
            String simAdmin) {
        List<String> upstreamIds = given().auth().oauth2(admin)
                .when().get(gateway + "/api/v1/processing-modules/" + moduleId + "/upstream-tariffs?size=500")
                .then().statusCode(200).extract().path("items.upstreamId");
        runImport(gateway, admin, Map.of("processingModuleId", moduleId, "productType", "ssl-certificate",
                "upstreamTariffIds", upstreamIds.subList(0, 3), "provider", "My Company"));
        String tariffs = gateway + "/api/v1/tariffs?processingModuleId=" + moduleId + "&size=500";
        given().auth().oauth2(admin).when().get(tariffs).then().statusCode(200).body("total", equalTo(3));

        Map<String, Object> all = Map.of("processingModuleId", moduleId, "productType", "ssl-certificate",
                "provider", "My Company");
        runImport(gateway, admin, all);
        int total = given().auth().oauth2(admin).when().get(tariffs).then().extract().path("total");
        assertTrue(total > 3, "importing all created the rest");

        Map<String, Object> tariff = given().auth().oauth2(admin).when().get(tariffs).then().extract().path("items[0]");
        String tariffUrl = gateway + "/api/v1/tariffs/" + tariff.get("id");
        int period = given().auth().oauth2(admin).when().get(tariffUrl).then().extract().path("prices[0].period");
        Map<String, Object> edit = Map.of("version", tariff.get("version"), "name", "Our best certificate",
                "prices", List.of(Map.of("period", period, "amount", "999.50")));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(edit).when().patch(tariffUrl)
                .then().statusCode(200).body("name", equalTo("Our best certificate"))
                .body("prices.find { it.period == " + period + " }.amount", equalTo("999.50"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(edit).when().patch(tariffUrl)
                .then().statusCode(409).contentType("application/problem+json");

        String upstreamId = (String) tariff.get("upstreamTariffId");
        given().queryParam("period", period).queryParam("cost", "777.77")
                .when().post(simAdmin + "/plans/" + upstreamId + "/price").then().statusCode(200);

        runImport(gateway, admin, all);
        given().auth().oauth2(admin).when().get(tariffs).then().body("total", equalTo(total));
        given().auth().oauth2(admin).when().get(tariffUrl).then().statusCode(200)
                .body("name", equalTo("Our best certificate"))
                .body("prices.find { it.period == " + period + " }.amount", equalTo("999.50"))
                .body("prices.find { it.period == " + period + " }.upstreamCost", equalTo("777.77"))
                .body("belowCost", equalTo(false));
    }

    /**
     * Step 3, cost sync against the real simulator: one plan is withdrawn upstream, another one's cost for a
     * period is raised above our selling amount; a sync started through the gateway flags the first
     * {@code upstreamRemoved} and the second {@code belowCost}, with the new {@code upstreamCost} and our
     * amount untouched.
     */
    private static void syncFlagsRemovedPlansAndBelowCost(String gateway, String admin, String moduleId,
            String simAdmin) {
        List<Map<String, Object>> items = given().auth().oauth2(admin)
                .when().get(gateway + "/api/v1/tariffs?processingModuleId=" + moduleId + "&size=500")
                .then().statusCode(200).extract().path("items");
        // Not the tariff edited above (its name was changed), and neither flagged yet.
        List<Map<String, Object>> candidates = items.stream()
                .filter(t -> !"Our best certificate".equals(t.get("name")))
                .filter(t -> !(Boolean) t.get("upstreamRemoved") && !(Boolean) t.get("belowCost"))
                .toList();
        assertTrue(candidates.size() >= 2, "two imported tariffs to play with: " + items);
        Map<String, Object> removed = candidates.get(0);
        Map<String, Object> raised = candidates.get(1);

        given().when().post(simAdmin + "/plans/" + removed.get("upstreamTariffId") + "/remove")
                .then().statusCode(200);
        given().queryParam("itemtype", "certificate").when().get(simAdmin + "/catalog").then().statusCode(200)
                .body("plans.id", not(hasItem(removed.get("upstreamTariffId"))));

        @SuppressWarnings("unchecked")
        Map<String, Object> price = ((List<Map<String, Object>>) raised.get("prices")).get(0);
        int period = (Integer) price.get("period");
        String amount = (String) price.get("amount");
        String newCost = new BigDecimal(amount).add(new BigDecimal("10.00")).setScale(2, RoundingMode.UNNECESSARY)
                .toPlainString();
        given().queryParam("period", period).queryParam("cost", newCost)
                .when().post(simAdmin + "/plans/" + raised.get("upstreamTariffId") + "/price").then().statusCode(200);

        String job = given().auth().oauth2(admin).when().post(gateway + "/api/v1/processing-modules/" + moduleId
                + "/tariff-sync").then().statusCode(202).body("kind", equalTo("sync"))
                .header("Location", startsWith(gateway + "/api/v1/tariff-imports/")).extract().header("Location");
        awaitFinished(admin, job);
        given().auth().oauth2(admin).when().get(job).then().body("status", equalTo("succeeded"))
                .body("removed", equalTo(1)).body("created", equalTo(0)).body("failed", equalTo(0));

        given().auth().oauth2(admin).when().get(gateway + "/api/v1/tariffs/" + removed.get("id")).then().statusCode(200)
                .body("upstreamRemoved", equalTo(true)).body("belowCost", equalTo(false));
        String path = "prices.find { it.period == " + period + " }";
        given().auth().oauth2(admin).when().get(gateway + "/api/v1/tariffs/" + raised.get("id")).then().statusCode(200)
                .body("upstreamRemoved", equalTo(false)).body("belowCost", equalTo(true))
                .body(path + ".upstreamCost", equalTo(newCost))
                .body(path + ".amount", equalTo(amount));
    }

    /**
     * Step 4 and selling: enable tariffs in bulk (one bad id), see them in the public catalog within a
     * second, disable one; order a certificate and a license, carry the license through its lifecycle
     * upstream, and check the simulator agrees. Ends with every tariff disabled again.
     */
    private static void sellThroughTheGateway(RunningStack stack, String sslModuleId, String simAdmin) {
        String gateway = stack.gatewayUrl();
        String admin = stack.adminToken();
        List<Map<String, Object>> sellable = given().auth().oauth2(admin)
                .when().get(gateway + "/api/v1/tariffs?processingModuleId=" + sslModuleId + "&size=500")
                .then().statusCode(200).extract().path(
                        "items.findAll { !it.upstreamRemoved && !it.belowCost && it.upstreamAvailable }");
        String certificate = (String) sellable.get(0).get("id");
        String other = (String) sellable.get(1).get("id");
        awaitKnownForSale(stack, certificate, other);

        List<Map<String, Object>> results = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("ids", List.of(certificate, other, UUID.randomUUID().toString())))
                .when().post(gateway + "/api/v1/tariffs/enable")
                .then().statusCode(200).extract().path("results");
        assertEquals(2, results.stream().filter(r -> "enabled".equals(r.get("status"))).count(), results.toString());
        assertEquals(1, results.stream().filter(r -> r.get("error") != null).count(), results.toString());
        await().atMost(Duration.ofSeconds(1)).until(() -> catalogIds(gateway).containsAll(List.of(certificate, other)));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("ids", List.of(other)))
                .when().post(gateway + "/api/v1/tariffs/disable").then().statusCode(200);
        await().atMost(Duration.ofSeconds(1)).until(() -> !catalogIds(gateway).contains(other));
        catalogFiltersOneItemAndNotModified(gateway, certificate);

        String certificateOrder = order(gateway, admin, certificate, Map.of("domain", "shop.example.com"));
        awaitOrder(gateway, admin, certificateOrder, "active");

        // A license, through its own processing module on the same upstream account. Its module, its enable and its
        // order are sent in one trace (a caller's traceparent), which every service they reach must log.
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String traceparent = "00-" + traceId + "-00f067aa0ba902b7-01";
        SimulatorSettings sim = stack.simulatorSettings();
        Map<String, Object> licenseModule = module(stack.simulatorUrl(), sim.username(), sim.password(), "Licenses");
        licenseModule.put("productType", "ispsystem-license");
        String licenseModuleId = given().auth().oauth2(admin).header("traceparent", traceparent)
                .contentType(ContentType.JSON).body(licenseModule)
                .when().post(gateway + "/api/v1/processing-modules").then().statusCode(201).extract().path("id");
        String planId = given().auth().oauth2(admin)
                .when().get(gateway + "/api/v1/processing-modules/" + licenseModuleId + "/upstream-tariffs?size=500")
                .then().statusCode(200).extract()
                .path("items.find { it.available && it.prices.any { p -> p.period > 0 } }.upstreamId");
        runImport(gateway, admin, Map.of("processingModuleId", licenseModuleId, "productType", "ispsystem-license",
                "upstreamTariffIds", List.of(planId), "provider", "My Company"));
        String license = given().auth().oauth2(admin)
                .when().get(gateway + "/api/v1/tariffs?processingModuleId=" + licenseModuleId)
                .then().statusCode(200).extract().path("items[0].id");
        awaitKnownForSale(stack, license);
        given().auth().oauth2(admin).header("traceparent", traceparent).contentType(ContentType.JSON)
                .body(Map.of("ids", List.of(license)))
                .when().post(gateway + "/api/v1/tariffs/enable").then().statusCode(200)
                .body("results[0].status", equalTo("enabled"));

        String licenseOrder = order(gateway, admin, license, Map.of("ip", "192.0.2.10"), traceparent);
        Map<String, Object> active = awaitOrder(gateway, admin, licenseOrder, "active");
        traceReachedEveryService(stack, traceId, licenseModuleId, license, licenseOrder);
        assertNotNull(active.get("upstreamServiceId"));
        assertNotNull(active.get("licenseKey"));
        String expiresBefore = (String) active.get("expiresAt");

        action(gateway, admin, licenseOrder, "renew");
        Map<String, Object> renewed = awaitOrder(gateway, admin, licenseOrder, "active");
        assertTrue(((String) renewed.get("expiresAt")).compareTo(expiresBefore) > 0, "renewal moved the expiry");
        action(gateway, admin, licenseOrder, "suspend");
        awaitOrder(gateway, admin, licenseOrder, "suspended");
        assertEquals("3", upstreamStatus(simAdmin, licenseOrder));
        action(gateway, admin, licenseOrder, "resume");
        awaitOrder(gateway, admin, licenseOrder, "active");
        assertEquals("2", upstreamStatus(simAdmin, licenseOrder));
        action(gateway, admin, licenseOrder, "close");
        awaitOrder(gateway, admin, licenseOrder, "closed");
        assertEquals("4", upstreamStatus(simAdmin, licenseOrder));
        assertEquals("2", upstreamStatus(simAdmin, certificateOrder));

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("ids", List.of(certificate, license)))
                .when().post(gateway + "/api/v1/tariffs/disable").then().statusCode(200);
        enableDecidesOnAPriceChangeCommittedJustBefore(gateway, admin, other);
    }

    /**
     * An enable sent right after a PATCH (reselling-service's read model has not had the event yet) is decided
     * on the PATCHed state: below cost refused, back above cost enabled. Ends disabled.
     */
    private static void enableDecidesOnAPriceChangeCommittedJustBefore(String gateway, String admin, String tariffId) {
        String tariffUrl = gateway + "/api/v1/tariffs/" + tariffId;
        Map<String, Object> tariff = given().auth().oauth2(admin).when().get(tariffUrl).then().statusCode(200)
                .body("status", equalTo("disabled")).extract().path("");
        @SuppressWarnings("unchecked")
        Map<String, Object> price = ((List<Map<String, Object>>) tariff.get("prices")).get(0);
        BigDecimal cost = new BigDecimal((String) price.get("upstreamCost"));
        String below = cost.subtract(new BigDecimal("0.01")).toPlainString();
        Map<String, Object> enable = Map.of("ids", List.of(tariffId));

        int version = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("version", tariff.get("version"), "prices", List.of(Map.of("period", price.get("period"),
                        "amount", below)))).when().patch(tariffUrl).then().statusCode(200).extract().path("version");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(enable)
                .when().post(gateway + "/api/v1/tariffs/enable").then().statusCode(200)
                .body("results[0].error.type", equalTo("/problems/below-cost"));

        String above = cost.add(new BigDecimal("5.00")).toPlainString();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("version", version, "prices", List.of(Map.of("period", price.get("period"),
                        "amount", above)))).when().patch(tariffUrl).then().statusCode(200);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(enable)
                .when().post(gateway + "/api/v1/tariffs/enable").then().statusCode(200)
                .body("results[0].status", equalTo("enabled"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(enable)
                .when().post(gateway + "/api/v1/tariffs/disable").then().statusCode(200);
    }

    /** A direct call to a service behind the gateway, past it, without a token: 401 problem+json. */
    private static void servicesBehindTheGatewayWantATokenToo(RunningStack stack) {
        Map<Service, String> lists = Map.of(Service.MODULE_SERVICE, "/processing-modules",
                Service.TARIFF_SERVICE, "/tariffs", Service.RESELLING_SERVICE, "/orders");
        lists.forEach((service, list) -> {
            given().when().get(stack.serviceUrl(service) + list).then().statusCode(401)
                    .contentType("application/problem+json").body("status", equalTo(401));
            given().auth().oauth2(stack.viewerToken()).when().get(stack.serviceUrl(service) + list).then()
                    .statusCode(200);
            given().when().get(stack.managementUrl(service) + "/q/health/ready").then().statusCode(200);
            given().when().get(stack.serviceUrl(service) + "/q/metrics").then().statusCode(404);
        });
        given().when().get(stack.serviceUrl(Service.RESELLING_SERVICE) + "/catalog").then().statusCode(200);
    }

    /**
     * Every metric the Kubernetes monitoring component's Grafana dashboard and PrometheusRule query
     * ({@link MonitoringQueries}) is exposed by at least one service's management interface, after the traffic
     * above: a renamed or dropped metric fails here instead of leaving a panel empty or an alert silent.
     */
    private static void everyMetricTheDashboardAndTheAlertsUseIsExposed(RunningStack stack) {
        Set<String> exposed = new TreeSet<>();
        for (Service service : Service.values()) {
            String metrics = given().when().get(stack.managementUrl(service) + "/q/metrics").then().statusCode(200)
                    .extract().asString();
            exposed.addAll(MonitoringQueries.sampleNames(metrics));
        }
        Set<String> used = MonitoringQueries.metricNames(ROOT);
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exposed);
        assertEquals(Set.of(), missing, "metrics the dashboard or the alerts use but no service exposes (of " + used
                + ")");
    }

    /**
     * Generated bad input against every gateway endpoint: no 5xx, every 4xx problem+json with its status, no
     * internals in any body, and no list total moved.
     */
    private static void badInputThroughTheGateway(RunningStack stack) {
        GatewayBadInputSweep sweep = new GatewayBadInputSweep(stack);
        Map<String, Long> before = sweep.totals();
        long started = System.nanoTime();
        HostileInput.Findings findings = sweep.run(BAD_REQUESTS, 20261202L);
        System.out.printf("Gateway bad-input sweep: %s in %d ms%n", findings.summary(),
                (System.nanoTime() - started) / 1_000_000);
        assertEquals(BAD_REQUESTS, findings.requests());
        assertTrue(findings.failures().isEmpty(), findings.summary());
        assertEquals(before, sweep.totals(), "nothing stored");
    }

    /** Waits until reselling-service has learned the tariffs from tariff-service's events. */
    private static void awaitKnownForSale(RunningStack stack, String... tariffIds) {
        String reselling = stack.serviceUrl(Service.RESELLING_SERVICE);
        for (String id : tariffIds) {
            await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(stack.adminToken()).when()
                    .get(reselling + "/tariffs/" + id + "/reselling-state").then().extract().statusCode() == 200);
        }
    }

    /** The catalog's filters, one item, and 304 for an ETag the client already has (held to the document too). */
    private static void catalogFiltersOneItemAndNotModified(String gateway, String tariffId) {
        int period = given().when().get(gateway + "/api/v1/catalog/" + tariffId).then().statusCode(200)
                .body("id", equalTo(tariffId)).extract().path("prices[0].period");
        given().queryParam("provider", "My Company").queryParam("q", "").queryParam("period", period)
                .queryParam("sort", "price").queryParam("productType", "ssl-certificate")
                .when().get(gateway + "/api/v1/catalog").then().statusCode(200).body("items.id", hasItem(tariffId));
        String item = gateway + "/api/v1/catalog/" + tariffId;
        // Asked again until no catalog change falls between the two requests (the ETag names a catalog version).
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String etag = given().when().get(item).then().statusCode(200).extract().header("ETag");
            assertNotNull(etag);
            return given().header("If-None-Match", etag).when().get(item).then().extract().statusCode() == 304;
        });
        given().when().get(gateway + "/api/v1/catalog/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static List<String> catalogIds(String gateway) {
        return given().when().get(gateway + "/api/v1/catalog?size=500").then().statusCode(200).extract().path("items.id");
    }

    /**
     * The trace the caller started shows up, with its trace id, in the log lines of every service its requests
     * reached: over HTTP through the gateway, and over Kafka (the outbox stores the context, the consumer restores
     * it), single events as well as batches.
     */
    private static void traceReachedEveryService(RunningStack stack, String traceId, String moduleId, String tariffId,
            String orderId) {
        awaitTracedLine(stack, "gateway", traceId, "POST module-service/processing-modules -> 201");
        awaitTracedLine(stack, "gateway", traceId, "POST reselling-service/orders -> 202");
        // HTTP from the gateway
        awaitTracedLine(stack, "module-service", traceId, "Processing module " + moduleId + " 'Licenses' created");
        awaitTracedLine(stack, "reselling-service", traceId, "Enable of 1 tariff(s)");
        awaitTracedLine(stack, "reselling-service", traceId, "Order " + orderId + " placed");
        // Kafka: processing-module.created, tariff.enabled, provisioning.requested (a batch consumer)
        awaitTracedLine(stack, "reselling-service", traceId, "Module " + moduleId + " 'Licenses' now known as active");
        awaitTracedLine(stack, "tariff-service", traceId, "Tariff " + tariffId + " is now enabled");
        awaitTracedLine(stack, "module-service", traceId, "of order " + orderId + " recorded on module " + moduleId);
    }

    private static void awaitTracedLine(RunningStack stack, String component, String traceId, String text) {
        Path log = stack.logFile(component);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            try (java.util.stream.Stream<String> lines = Files.lines(log)) {
                List<String> matching = lines.filter(line -> line.contains(text)).toList();
                assertTrue(matching.stream().anyMatch(line -> line.contains("traceId=" + traceId + " ")),
                        component + " logged no line with traceId=" + traceId + " and '" + text + "'; lines with the"
                                + " text: " + matching);
            }
        });
    }

    private static String order(String gateway, String admin, String tariffId, Map<String, String> params) {
        return order(gateway, admin, tariffId, params, null);
    }

    private static String order(String gateway, String admin, String tariffId, Map<String, String> params,
            String traceparent) {
        int period = given().when().get(gateway + "/api/v1/catalog?size=500").then().extract()
                .path("items.find { it.id == '" + tariffId + "' }.prices.find { it.period > 0 }.period");
        io.restassured.specification.RequestSpecification request = given().auth().oauth2(admin);
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return request.contentType(ContentType.JSON)
                .body(Map.of("tariffId", tariffId, "period", period, "customerRef", "c-1001", "params", params))
                .when().post(gateway + "/api/v1/orders")
                .then().statusCode(202).body("status", equalTo("pending")).extract().path("id");
    }

    private static void action(String gateway, String admin, String orderId, String action) {
        given().auth().oauth2(admin).when().post(gateway + "/api/v1/orders/" + orderId + "/" + action)
                .then().statusCode(202);
    }

    /** Waits until the order's last action is settled, then checks the order is in {@code status}. */
    private static Map<String, Object> awaitOrder(String gateway, String admin, String orderId, String status) {
        Map<String, Object> order = await().atMost(Duration.ofSeconds(60)).until(
                () -> given().auth().oauth2(admin).when().get(gateway + "/api/v1/orders/" + orderId)
                        .then().statusCode(200).extract().<Map<String, Object>>path(""),
                o -> !"pending".equals(((Map<?, ?>) o.get("lastAction")).get("status")));
        assertEquals(status, order.get("status"), order.toString());
        return order;
    }

    private static String upstreamStatus(String simAdmin, String orderId) {
        Object status = given().when().get(simAdmin + "/state").then().statusCode(200).extract()
                .path("services.find { it.note == '" + orderId + "' }.status");
        return String.valueOf(status);
    }

    private static void runImport(String gateway, String admin, Map<String, Object> body) {
        String job = given().auth().oauth2(admin).contentType(ContentType.JSON).body(body)
                .when().post(gateway + "/api/v1/tariff-imports")
                .then().statusCode(202).extract().header("Location");
        awaitFinished(admin, job);
        given().auth().oauth2(admin).when().get(job).then().body("status", equalTo("succeeded"));
    }

    private static void awaitFinished(String admin, String job) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().auth().oauth2(admin).when().get(job).then().extract().<String>path("status"),
                status -> !status.equals("queued") && !status.equals("running"));
    }

    private static Map<String, Object> module(String url, String username, String password, String name) {
        Map<String, Object> integration = new java.util.HashMap<>(Map.of("url", url, "username", username));
        if (password != null) {
            integration.put("password", password);
        }
        return new java.util.HashMap<>(Map.of("productType", "ssl-certificate", "moduleType", "billmanager5",
                "integration", integration, "name", name, "department", "Technical support", "sort", 10,
                "minimalBalance", "100.00"));
    }
}
