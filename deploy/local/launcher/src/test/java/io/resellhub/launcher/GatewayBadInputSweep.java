package io.resellhub.launcher;

import static io.resellhub.localinfra.HostileInput.body;
import static io.resellhub.localinfra.HostileInput.pathSegment;
import static io.resellhub.localinfra.HostileInput.query;
import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.resellhub.localinfra.HostileInput;
import io.resellhub.localinfra.JwtTokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Generated bad input against every endpoint of the gateway on the real stack: malformed, oversized, wrongly
 * typed and hostile paths, queries and bodies (local-infra {@link HostileInput}, seeded), each sent with an
 * admin, a viewer, a forged, a malformed or no token. Judged by {@link HostileInput.Findings}; the list totals
 * before and after tell whether anything was stored.
 */
final class GatewayBadInputSweep {

    private static final String[] PARAMETERS = {"page", "size", "q", "status", "sort", "productType", "provider",
            "period", "processingModuleId", "customerRef", "topic"};
    private static final String[] FIELDS = {"productType", "moduleType", "integration", "url", "username", "password",
            "name", "dataCenter", "department", "sort", "minimalBalance", "version", "prices", "period", "amount",
            "allowBelowCost", "ids", "versions", "processingModuleId", "upstreamTariffIds", "provider", "dryRun",
            "tariffId", "customerRef", "params", "domain", "ip"};
    private static final String[] ORDER_ACTIONS = {"renew", "suspend", "resume", "close"};
    /** The lists whose totals must not move. */
    private static final List<String> TOTALS = List.of("/api/v1/processing-modules?size=1", "/api/v1/tariffs?size=1",
            "/api/v1/orders?size=1", "/api/v1/catalog?size=1");

    private final String gateway;
    private final String admin;
    private final String viewer;
    private final String forged;

    GatewayBadInputSweep(RunningStack stack) {
        this.gateway = stack.gatewayUrl();
        this.admin = stack.adminToken();
        this.viewer = stack.viewerToken();
        // Signed with a key the stack does not know.
        this.forged = JwtTokens.generate().issue("mallory", List.of(JwtTokens.ADMIN), Duration.ofMinutes(30));
    }

    /** The list totals, by list. */
    Map<String, Long> totals() {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String list : TOTALS) {
            totals.put(list, given().auth().oauth2(admin).when().get(gateway + list).then().statusCode(200)
                    .extract().jsonPath().getLong("total"));
        }
        return totals;
    }

    HostileInput.Findings run(int requests, long seed) {
        Random random = new Random(seed);
        HostileInput.Findings findings = new HostileInput.Findings();
        for (int i = 0; i < requests; i++) {
            String method = "GET";
            String path;
            String body = null;
            String id = pathSegment(random);
            switch (random.nextInt(24)) {
                case 0 -> path = "/product-types" + query(random, PARAMETERS);
                case 1 -> path = "/module-types" + query(random, PARAMETERS);
                case 2 -> {
                    method = "POST";
                    path = "/processing-modules/check-connection";
                    body = body(random, FIELDS);
                }
                case 3 -> {
                    method = "POST";
                    path = "/processing-modules";
                    body = body(random, FIELDS);
                }
                case 4 -> path = "/processing-modules" + query(random, PARAMETERS);
                case 5 -> path = "/processing-modules/" + id;
                case 6 -> {
                    method = "PUT";
                    path = "/processing-modules/" + id;
                    body = body(random, FIELDS);
                }
                case 7 -> {
                    method = "DELETE";
                    path = "/processing-modules/" + id;
                }
                case 8 -> path = "/processing-modules/" + id + "/balance";
                case 9 -> {
                    method = "POST";
                    path = "/processing-modules/" + id + "/balance/check";
                }
                case 10 -> path = "/processing-modules/" + id + "/alerts" + query(random, PARAMETERS);
                case 11 -> path = "/processing-modules/" + id + "/upstream-tariffs" + query(random, PARAMETERS);
                case 12 -> {
                    method = "POST";
                    path = "/tariff-imports";
                    body = body(random, FIELDS);
                }
                case 13 -> path = "/tariff-imports/" + id;
                case 14 -> {
                    method = "POST";
                    path = "/processing-modules/" + id + "/tariff-sync";
                }
                case 15 -> path = "/tariffs" + query(random, PARAMETERS);
                case 16 -> path = "/tariffs/" + id;
                case 17 -> {
                    method = "PATCH";
                    path = "/tariffs/" + id;
                    body = body(random, FIELDS);
                }
                case 18 -> {
                    method = "POST";
                    path = random.nextBoolean() ? "/tariffs/enable" : "/tariffs/disable";
                    body = body(random, FIELDS);
                }
                case 19 -> path = "/catalog" + query(random, PARAMETERS);
                case 20 -> {
                    method = "POST";
                    path = "/orders";
                    body = body(random, FIELDS);
                }
                case 21 -> path = random.nextBoolean() ? "/orders" + query(random, PARAMETERS) : "/orders/" + id;
                case 22 -> {
                    method = "POST";
                    path = "/orders/" + id + "/" + ORDER_ACTIONS[random.nextInt(ORDER_ACTIONS.length)];
                }
                default -> {
                    method = random.nextBoolean() ? "GET" : "POST";
                    path = (method.equals("GET") ? "/dead-letters" : "/dead-letters/replay") + query(random, PARAMETERS);
                }
            }
            RequestSpecification request = authenticated(random).urlEncodingEnabled(false);
            if (body != null) {
                request = request.contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8));
            }
            Response response = request.request(method, gateway + "/api/v1" + path);
            findings.check(method, path, body, response.statusCode(), response.contentType(), response.asString());
        }
        return findings;
    }

    /** Mostly admin (bad input must get past the role check), else viewer, forged, malformed or none. */
    private RequestSpecification authenticated(Random random) {
        int pick = random.nextInt(20);
        if (pick < 12) {
            return given().auth().oauth2(admin);
        }
        if (pick < 15) {
            return given().auth().oauth2(viewer);
        }
        if (pick < 17) {
            return given().auth().oauth2(forged);
        }
        if (pick < 18) {
            return given().header("Authorization", "Bearer not.a.token");
        }
        return given();
    }
}
