package io.resellhub.tariff.rest;

import static io.resellhub.localinfra.HostileInput.body;
import static io.resellhub.localinfra.HostileInput.pathSegment;
import static io.resellhub.localinfra.HostileInput.query;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.localinfra.HostileInput;
import io.resellhub.tariff.RealInfrastructureProfile;
import io.restassured.response.Response;

/**
 * A generated sweep of malformed, oversized, wrongly typed and hostile requests ({@link HostileInput},
 * seeded, so a failure repeats) against every tariff-service endpoint on the real database: no 5xx, every
 * 4xx a problem+json with its status, no stack trace or class name in any body, and nothing stored.
 */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class BadInputSweepTest {

    static final int REQUESTS = 500;
    private static final String[] PARAMETERS = {"page", "size", "q", "status", "sort", "productType",
            "processingModuleId"};
    private static final String[] FIELDS = {"version", "name", "prices", "period", "amount", "allowBelowCost",
            "processingModuleId", "productType", "upstreamTariffIds", "provider", "dryRun"};

    @Test
    void hostileRequestsNeverGetA5xxNorLeakInternalsNorStoreAnything() throws Exception {
        long tariffsBefore = total("/tariffs?size=1");
        Random random = new Random(20261202);
        HostileInput.Findings findings = new HostileInput.Findings();
        for (int i = 0; i < REQUESTS; i++) {
            String method;
            String path;
            String body = null;
            switch (random.nextInt(5)) {
                case 0 -> {
                    method = "GET";
                    path = "/tariffs" + query(random, PARAMETERS);
                }
                case 1 -> {
                    method = "GET";
                    path = "/tariffs/" + pathSegment(random);
                }
                case 2 -> {
                    method = "PATCH";
                    path = "/tariffs/" + pathSegment(random);
                    body = body(random, FIELDS);
                }
                case 3 -> {
                    method = "POST";
                    path = "/tariff-imports";
                    body = body(random, FIELDS);
                }
                default -> {
                    method = random.nextBoolean() ? "GET" : "POST";
                    path = random.nextBoolean() ? "/tariff-imports/" + pathSegment(random)
                            : "/processing-modules/" + pathSegment(random) + "/upstream-tariffs" + query(random, PARAMETERS);
                }
            }
            Response response = send(method, path, body);
            findings.check(method, path, body, response.statusCode(), response.contentType(), response.asString());
        }
        assertTrue(findings.failures().isEmpty(), findings.summary());
        assertEquals(tariffsBefore, total("/tariffs?size=1"), "nothing stored");
    }

    private static Response send(String method, String path, String body) {
        var request = given().urlEncodingEnabled(false);
        if (body != null) {
            request = request.contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8));
        }
        return request.request(method, path);
    }

    private static long total(String path) {
        Response response = given().get(path);
        assertFalse(response.statusCode() >= 400, response.asString());
        return response.jsonPath().getLong("total");
    }
}
