package io.resellhub.tariff.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.tariff.RealInfrastructureProfile;
import io.restassured.response.Response;

/**
 * A generated sweep of malformed, oversized, wrongly typed and hostile requests (seeded, so a failure
 * repeats) against every tariff-service endpoint on the real database: no 5xx, every 4xx a problem+json
 * with its status, no stack trace or class name in any body, and nothing stored.
 */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class BadInputSweepTest {

    static final int REQUESTS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] QUERY_VALUES = {"", "-1", "0", "1", "500", "501", "4294967", "4294968",
            "99999999999", "abc", "%00", "a%00b", "%FF%FE", "%C3%28", "%E2%82", "1e3", "%20", "null", "true", "-name",
            "name", "enabled", "sold", "ssl-certificate", "x".repeat(5000), "%27%3B%20DROP%20TABLE%20tariff%3B--",
            "..%2F..%2Fetc", "%F0%9F%98%80", "%2B", UUID.randomUUID().toString()};
    private static final String[] PARAMETERS = {"page", "size", "q", "status", "sort", "productType",
            "processingModuleId"};
    private static final String[] FIELDS = {"version", "name", "prices", "period", "amount", "allowBelowCost",
            "processingModuleId", "productType", "upstreamTariffIds", "provider", "dryRun"};

    @Test
    void hostileRequestsNeverGetA5xxNorLeakInternalsNorStoreAnything() throws Exception {
        long tariffsBefore = total("/tariffs?size=1");
        Random random = new Random(20261202);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String method;
            String path;
            String body = null;
            switch (random.nextInt(5)) {
                case 0 -> {
                    method = "GET";
                    path = "/tariffs" + query(random);
                }
                case 1 -> {
                    method = "GET";
                    path = "/tariffs/" + pathSegment(random);
                }
                case 2 -> {
                    method = "PATCH";
                    path = "/tariffs/" + pathSegment(random);
                    body = body(random);
                }
                case 3 -> {
                    method = "POST";
                    path = "/tariff-imports";
                    body = body(random);
                }
                default -> {
                    method = random.nextBoolean() ? "GET" : "POST";
                    path = random.nextBoolean() ? "/tariff-imports/" + pathSegment(random)
                            : "/processing-modules/" + pathSegment(random) + "/upstream-tariffs" + query(random);
                }
            }
            Response response = send(method, path, body);
            String problem = check(response);
            if (problem != null) {
                failures.add(method + " " + abbreviate(path) + " " + abbreviate(body) + " -> " + response.statusCode()
                        + ": " + problem);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + REQUESTS + " requests misbehaved:\n"
                + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        assertEquals(tariffsBefore, total("/tariffs?size=1"), "nothing stored");
    }

    private static Response send(String method, String path, String body) {
        var request = given().urlEncodingEnabled(false);
        if (body != null) {
            request = request.contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8));
        }
        return request.request(method, path);
    }

    /** Null when the answer is acceptable; else what is wrong with it. */
    static String check(Response response) {
        int status = response.statusCode();
        String text = response.asString();
        if (status >= 500) {
            return "a 5xx: " + abbreviate(text);
        }
        if (text.contains("Exception") || text.contains("\tat ") || text.contains("java.") || text.contains("io.resellhub")) {
            return "internals in the body: " + abbreviate(text);
        }
        if (status >= 400) {
            if (!String.valueOf(response.contentType()).startsWith("application/problem+json")) {
                return "a " + status + " that is not problem+json but " + response.contentType();
            }
            try {
                JsonNode problem = JSON.readTree(text);
                if (problem.path("status").asInt() != status) {
                    return "a problem whose status is not " + status;
                }
            } catch (Exception e) {
                return "a problem body that is not JSON";
            }
        }
        return null;
    }

    private static String query(Random random) {
        StringBuilder query = new StringBuilder();
        int parameters = random.nextInt(4);
        for (int p = 0; p < parameters; p++) {
            query.append(p == 0 ? '?' : '&').append(PARAMETERS[random.nextInt(PARAMETERS.length)]).append('=')
                    .append(QUERY_VALUES[random.nextInt(QUERY_VALUES.length)]);
        }
        return query.toString();
    }

    private static String pathSegment(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> UUID.randomUUID().toString();
            case 1 -> "not-a-uuid";
            case 2 -> "%00";
            case 3 -> "x".repeat(3000);
            case 4 -> "%FF";
            default -> "00000000-0000-0000-0000-00000000000" + random.nextInt(10);
        };
    }

    private static String body(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "{";
            case 1 -> "[" .repeat(3000) + "]".repeat(3000);
            case 2 -> "null";
            case 3 -> "\"text\"";
            case 4 -> "{\"name\":\"" + "y".repeat(random.nextInt(300_000)) + "\"}";
            default -> object(random, 0);
        };
    }

    private static String object(Random random, int depth) {
        StringBuilder object = new StringBuilder("{");
        int fields = random.nextInt(5);
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                object.append(',');
            }
            object.append('"').append(FIELDS[random.nextInt(FIELDS.length)]).append("\":").append(value(random, depth));
        }
        return object.append('}').toString();
    }

    private static String value(Random random, int depth) {
        return switch (random.nextInt(14)) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> "-1";
            case 3 -> "1e400";
            case 4 -> "99999999999999999999999";
            case 5 -> "\"a\\u0000b\"";
            case 6 -> "\"\"";
            case 7 -> "\"12.50\"";
            case 8 -> "\"-0.01\"";
            case 9 -> "\"1.234567\"";
            case 10 -> "\"" + UUID.randomUUID() + "\"";
            case 11 -> depth > 2 ? "[]" : "[" + value(random, depth + 1) + "," + value(random, depth + 1) + "]";
            case 12 -> depth > 2 ? "{}" : object(random, depth + 1);
            default -> "\"ssl-certificate\"";
        };
    }

    private static long total(String path) {
        Response response = given().get(path);
        assertFalse(response.statusCode() >= 400, response.asString());
        return response.jsonPath().getLong("total");
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 160 ? text : text.substring(0, 160) + "...";
    }
}
