package io.resellhub.launcher;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Holds every exchange with the gateway's {@code /api/v1} to the OpenAPI document the gateway publishes: the
 * operation must be in it, the status among its answers, the answer's body valid against the schema for that
 * status and media type, and the body of a request the API accepted (2xx) valid against the request schema.
 * A RestAssured filter, so a test needs no change to be checked; violations are collected and failed at the end,
 * so a test's own assertion still says first what went wrong in the scenario.
 */
final class OpenApiContract implements Filter {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private final String gatewayAuthority;
    private final JsonNode document;
    private final List<String> violations = new ArrayList<>();
    /** The operations' schemas (with the components), loaded once each. */
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private int checked;

    private OpenApiContract(String gatewayAuthority, JsonNode document) {
        this.gatewayAuthority = gatewayAuthority;
        this.document = document;
    }

    /** Reads the document the gateway at {@code gatewayUrl} publishes. */
    static OpenApiContract of(String gatewayUrl) throws Exception {
        String json = io.restassured.RestAssured.given().queryParam("format", "json").when()
                .get(gatewayUrl + "/q/openapi").then().statusCode(200).extract().asString();
        return new OpenApiContract(URI.create(gatewayUrl).getAuthority(), MAPPER.readTree(json));
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        if (!gatewayAuthority.equals(uri.getAuthority()) || !uri.getPath().startsWith("/api/v1/")) {
            return response;
        }
        String name = request.getMethod() + " " + uri.getPath();
        JsonNode operation = operation(request.getMethod().toLowerCase(), uri.getPath());
        synchronized (this) {
            checked++;
            if (operation == null) {
                violations.add(name + ": not in the document");
                return response;
            }
            String status = String.valueOf(response.statusCode());
            JsonNode answer = operation.path("responses").get(status);
            if (answer == null) {
                violations.add(name + ": answered " + status + ", not among " + names(operation.path("responses")));
                return response;
            }
            String body = response.asString();
            if (body != null && !body.isEmpty()) {
                String mediaType = response.contentType().split(";")[0].trim();
                JsonNode schema = answer.path("content").path(mediaType).get("schema");
                if (schema == null) {
                    violations.add(name + " " + status + ": " + mediaType + " not among " + names(answer.path("content")));
                } else {
                    validate(name + " " + status + " answer", schema, body);
                }
            }
            Object sent = request.getBody();
            if (response.statusCode() < 300 && sent != null) {
                JsonNode schema = operation.path("requestBody").path("content").path("application/json").get("schema");
                if (schema == null) {
                    violations.add(name + ": sent a body the document does not take");
                } else {
                    validate(name + " request", schema, json(sent));
                }
            }
        }
        return response;
    }

    /** Fails with every violation seen, or when nothing was checked (the filter was not in the way). */
    synchronized void assertHeld() {
        if (checked == 0) {
            throw new AssertionError("No exchange with the gateway's /api/v1 was checked against the document");
        }
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " of " + checked + " exchanges break the published OpenAPI"
                    + " document:\n" + String.join("\n", violations));
        }
    }

    synchronized int checked() {
        return checked;
    }

    private JsonNode operation(String method, String path) {
        JsonNode exact = document.path("paths").path(path).get(method);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String pattern = entry.getKey().replaceAll("\\{[^/]+}", "[^/]+");
            if (path.matches(pattern) && entry.getValue().has(method)) {
                return entry.getValue().get(method);
            }
        }
        return null;
    }

    private void validate(String what, JsonNode schema, String json) {
        JsonNode instance;
        try {
            instance = MAPPER.readTree(json);
        } catch (Exception e) {
            violations.add(what + ": not JSON: " + json);
            return;
        }
        // The operation's schema refers to #/components/...: carry the components along. The validator reads
        // Jackson 3 trees, so the schema and the instance (Jackson 2 trees here) go over as text.
        Schema validator = schemas.computeIfAbsent(schema.toString(), text -> {
            ObjectNode root = schema.deepCopy();
            root.set("components", document.get("components"));
            return REGISTRY.getSchema(root.toString(), InputFormat.JSON);
        });
        List<Error> errors = validator.validate(instance.toString(), InputFormat.JSON);
        if (!errors.isEmpty()) {
            String abbreviated = json.length() > 600 ? json.substring(0, 600) + "…" : json;
            violations.add(what + ": " + errors.stream().map(Error::toString).sorted()
                    .collect(Collectors.joining("; ")) + " in " + abbreviated);
        }
    }

    /** A request body as sent: text, raw bytes (the bad-input sweep sends those) or an object RestAssured serialised. */
    private static String json(Object body) {
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return body instanceof String text ? text : MAPPER.valueToTree(body).toString();
    }

    private static String names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }
}
