package io.resellhub.reselling;

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
import io.restassured.response.Response;

/**
 * A generated sweep of malformed, oversized, wrongly typed and hostile requests ({@link HostileInput},
 * seeded) against every reselling-service endpoint on the real database: no 5xx, every 4xx a problem+json
 * with its status, no stack trace or class name in any body, and nothing stored (orders and catalog totals).
 */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class BadInputSweepTest {

    static final int REQUESTS = 400;
    private static final String[] PARAMETERS = {"page", "size", "q", "status", "sort", "productType", "provider",
            "period", "customerRef"};
    private static final String[] FIELDS = {"ids", "allowBelowCost", "versions", "tariffId", "period", "customerRef",
            "params", "domain", "ip"};
    private static final String[] ACTIONS = {"renew", "suspend", "resume", "close"};

    @Test
    void hostileRequestsNeverGetA5xxNorLeakInternalsNorStoreAnything() {
        long ordersBefore = total("/orders?size=1");
        long catalogBefore = total("/catalog?size=1");
        Random random = new Random(20261202);
        HostileInput.Findings findings = new HostileInput.Findings();
        for (int i = 0; i < REQUESTS; i++) {
            String method = "GET";
            String path;
            String body = null;
            switch (random.nextInt(7)) {
                case 0 -> path = "/catalog" + query(random, PARAMETERS);
                case 1 -> path = "/orders" + query(random, PARAMETERS);
                case 2 -> path = "/orders/" + pathSegment(random);
                case 3 -> {
                    method = "POST";
                    path = "/orders/" + pathSegment(random) + "/" + ACTIONS[random.nextInt(ACTIONS.length)];
                }
                case 4 -> {
                    method = "POST";
                    path = "/orders";
                    body = body(random, FIELDS);
                }
                case 5 -> {
                    method = "POST";
                    path = random.nextBoolean() ? "/tariffs/enable" : "/tariffs/disable";
                    body = body(random, FIELDS);
                }
                default -> path = "/tariffs/" + pathSegment(random) + "/reselling-state";
            }
            var request = given().urlEncodingEnabled(false);
            if (body != null) {
                request = request.contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8));
            }
            Response response = request.request(method, path);
            findings.check(method, path, body, response.statusCode(), response.contentType(), response.asString());
        }
        assertTrue(findings.failures().isEmpty(), findings.summary());
        assertEquals(ordersBefore, total("/orders?size=1"), "no order stored");
        assertEquals(catalogBefore, total("/catalog?size=1"), "nothing put on sale");
    }

    private static long total(String path) {
        Response response = given().get(path);
        assertFalse(response.statusCode() >= 400, response.asString());
        return response.jsonPath().getLong("total");
    }
}
