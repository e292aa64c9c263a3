package io.resellhub.tariff.bench;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.tariff.ModuleServiceStub;
import io.resellhub.tariff.RealInfrastructureProfile;
import io.resellhub.tariff.client.UpstreamPlan;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Not part of the default run (tag {@code bench}): imports 10,000 plans (module-service stubbed by
 * WireMock) and prints the seconds from POST to {@code succeeded}, next to a bare fetch + parse of the
 * same JSON in the same run. Run with:
 * {@code ./mvnw -B -o -pl tariff-service verify -Dtest=ImportBenchmarkTest -Dsurefire.excludedGroups=none}
 */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
@Tag("bench")
class ImportBenchmarkTest {

    private static final int PLANS = Integer.getInteger("bench.plans", 10_000);

    @Test
    void import10000Plans() throws Exception {
        List<Map<String, Object>> plans = new ArrayList<>(PLANS);
        for (int i = 0; i < PLANS; i++) {
            plans.add(ModuleServiceStub.plan(String.valueOf(100_000 + i), "Plan " + i, -100, "0", 1, "1.50", 12,
                    String.format(Locale.ROOT, "%d.%02d", 10 + i % 90, i % 100), 24, "30.00"));
        }
        String json = ModuleServiceStub.json(plans);
        UUID module = ModuleServiceStub.module("ssl-certificate");
        ModuleServiceStub.plansJson(module, json);

        // Baseline: one fetch and parse of the same JSON, as tariff-service's client does it.
        ObjectMapper mapper = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(ModuleServiceStub.server().baseUrl() + "/processing-modules/" + module
                + "/upstream-plans?productType=ssl-certificate");
        double fetch = Double.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            long started = System.nanoTime();
            String body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
            List<UpstreamPlan> parsed = mapper.readValue(body, new TypeReference<List<UpstreamPlan>>() { });
            fetch = Math.min(fetch, (System.nanoTime() - started) / 1e9);
            assertEquals(PLANS, parsed.size());
        }

        double[] imports = new double[2];
        for (int run = 0; run < 2; run++) {
            long started = System.nanoTime();
            String id = given().contentType(ContentType.JSON)
                    .body(Map.of("processingModuleId", module, "productType", "ssl-certificate", "provider", "Bench"))
                    .post("/tariff-imports").then().statusCode(202).extract().path("id");
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
                String status = given().get("/tariff-imports/" + id).then().extract().path("status");
                return !status.equals("queued") && !status.equals("running");
            });
            imports[run] = (System.nanoTime() - started) / 1e9;
            JsonPath job = given().get("/tariff-imports/" + id).then().extract().jsonPath();
            assertEquals("succeeded", job.getString("status"));
            assertEquals(PLANS, job.getInt("processed"));
            if (run == 0) {
                assertEquals(PLANS, job.getInt("created"));
            } else {
                assertEquals(PLANS, job.getInt("updated"));
            }
            // Second run: cost change of every plan (an update of all 10,000).
            if (run == 0) {
                ModuleServiceStub.plansJson(module, json.replace("\"30.00\"", "\"31.00\""));
            }
        }
        System.out.printf(Locale.ROOT, "%nBENCH %d plans: fetch+parse %.3f s | import (create all) %.3f s"
                + " | re-import (update all costs) %.3f s%n%n", PLANS, fetch, imports[0], imports[1]);
    }
}
