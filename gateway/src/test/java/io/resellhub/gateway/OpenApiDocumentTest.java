package io.resellhub.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The published OpenAPI document is typed: every body and answer has a schema from commons' API records. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class OpenApiDocumentTest {

    private JsonNode document;

    @BeforeEach
    void read() throws Exception {
        document = new ObjectMapper().readTree(given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString());
    }

    @Test
    void everyOperationHasItsRequestSchemaAndATypedSchemaForEveryAnswer() {
        List<String> untyped = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                JsonNode operation = op.getValue();
                operations++;
                if (operation.has("requestBody") && !typed(operation.at("/requestBody/content/application~1json/schema"))) {
                    untyped.add(name + " request");
                }
                if (Set.of("POST", "PUT", "PATCH").contains(op.getKey().toUpperCase()) && !operation.has("requestBody")
                        && !name.matches(".*/(balance/check|tariff-sync|renew|suspend|resume|close|replay)")) {
                    untyped.add(name + " has no request body");
                }
                for (Map.Entry<String, JsonNode> answer : operation.get("responses").properties()) {
                    JsonNode content = answer.getValue().get("content");
                    if (answer.getKey().equals("204") || answer.getKey().equals("304")) {
                        continue;
                    }
                    if (content == null || content.size() != 1 || !typed(content.elements().next().get("schema"))) {
                        untyped.add(name + " " + answer.getKey());
                    }
                }
                for (String code : List.of("400", "414", "503")) {
                    if (!operation.get("responses").has(code)) {
                        untyped.add(name + " lacks " + code);
                    }
                }
                boolean secured = operation.has("security");
                if (secured != !path.getKey().startsWith("/api/v1/catalog")
                        || secured && !(operation.get("responses").has("401") && operation.get("responses").has("403")
                                && operation.get("description").asText().contains("Role: "))) {
                    untyped.add(name + " security, 401/403 or role");
                }
            }
        }
        assertTrue(operations >= 28, "operations: " + operations);
        assertEquals(List.of(), untyped);
        assertFalse(document.at("/components/schemas").has("JsonNode"));
    }

    @Test
    void theRealStatusCodesAreListed() {
        assertCodes("/api/v1/processing-modules", "post", "201", "400", "401", "403", "409", "413", "414", "415", "422",
                "503");
        assertCodes("/api/v1/processing-modules/{id}", "put", "200", "400", "401", "403", "404", "409", "413", "414",
                "415", "422", "503");
        assertCodes("/api/v1/processing-modules/{id}", "delete", "204", "400", "401", "403", "404", "409", "414", "503");
        assertCodes("/api/v1/tariff-imports", "post", "200", "202", "400", "401", "403", "404", "413", "414", "415",
                "422", "503");
        assertCodes("/api/v1/tariffs/{id}", "patch", "200", "400", "401", "403", "404", "409", "413", "414", "415",
                "422", "503");
        assertCodes("/api/v1/tariffs/enable", "post", "200", "400", "401", "403", "413", "414", "415", "422", "503");
        assertCodes("/api/v1/catalog", "get", "200", "304", "400", "414", "503");
        assertCodes("/api/v1/catalog/{id}", "get", "200", "304", "400", "404", "414", "503");
        assertCodes("/api/v1/orders", "post", "202", "400", "401", "403", "409", "413", "414", "415", "422", "503");
        assertCodes("/api/v1/orders/{id}/close", "post", "202", "400", "401", "403", "404", "409", "414", "503");
        assertCodes("/api/v1/dead-letters", "get", "200", "400", "401", "403", "414", "503");
        assertCodes("/api/v1/dead-letters/replay", "post", "200", "400", "401", "403", "414", "503");
        assertEquals("uri", document.at("/paths/~1api~1v1~1orders/post/responses/202/headers/Location/schema/format")
                .asText());
        assertTrue(document.at("/paths/~1api~1v1~1catalog/get/responses/200/headers").has("ETag"));
        List<String> catalogParameters = new ArrayList<>();
        document.at("/paths/~1api~1v1~1catalog/get/parameters").forEach(p -> catalogParameters.add(p.get("name").asText()));
        assertTrue(catalogParameters.containsAll(List.of("productType", "provider", "q", "period", "sort", "page", "size")),
                "catalog filters: " + catalogParameters);
    }

    @Test
    void componentsDescribeTheBodiesWithTheirFieldsAndTheProblemWithErrors() {
        JsonNode schemas = document.at("/components/schemas");
        for (String name : List.of("NewProcessingModule", "ProcessingModuleUpdate", "ProcessingModuleView",
                "ConnectionCheckRequest", "ConnectionCheckResult", "UpstreamTariffView", "ImportRequest", "ImportJobView",
                "DryRunView", "TariffView", "TariffEdit", "PriceView", "BulkRequest", "BulkResponse", "CatalogItem",
                "CreateOrder", "OrderDto", "ActionDto", "Page", "Problem", "FieldError")) {
            assertTrue(schemas.has(name), name + " in " + names(schemas));
        }
        assertTrue(schemas.at("/Problem/properties").has("errors"));
        assertTrue(schemas.at("/CatalogItem/properties/prices/type").toString().contains("array"));
        assertEquals("#/components/schemas/CatalogPrice", schemas.at("/CatalogItem/properties/prices/items/$ref").asText());
        // Optional fields are written as null: the document says so, so generated clients accept it.
        assertTrue(schemas.at("/ProcessingModuleView/properties/dataCenter/type").toString().contains("null"));
        assertTrue(schemas.at("/ProcessingModuleView/properties").has("integration"));
        assertFalse(schemas.at("/IntegrationView/properties").has("password"), "a password is never shown");
        assertTrue(document.at("/paths/~1api~1v1~1processing-modules/post/requestBody/content/application~1json/examples")
                .size() > 0, "an example");
        assertTrue(document.at("/components/securitySchemes").size() > 0);
    }

    @Test
    void everyOperationHasItsOwnOperationIdForGeneratedClients() {
        Set<String> ids = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String id = op.getValue().path("operationId").asText("");
                if (id.isEmpty() || !ids.add(id)) {
                    problems.add(op.getKey().toUpperCase() + " " + path.getKey() + ": operationId '" + id + "'");
                }
            }
        }
        assertEquals(List.of(), problems, "missing or duplicate operationIds");
        assertTrue(ids.containsAll(List.of("createProcessingModule", "startImport", "editTariff", "enableTariffs",
                "createOrder", "getOrder")), ids.toString());
    }

    @Test
    void alwaysPresentFieldsAreRequiredAndNotNullable() {
        JsonNode schemas = document.at("/components/schemas");
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> schema : schemas.properties()) {
            schema.getValue().path("required").forEach(name -> {
                if (!schema.getValue().path("properties").has(name.asText())) {
                    unknown.add(schema.getKey() + "." + name.asText());
                }
            });
        }
        assertEquals(List.of(), unknown, "required names that are not properties");
        assertTrue(required(schemas, "TariffView").containsAll(List.of("id", "name", "status", "version", "prices",
                "belowCost")), "TariffView");
        assertTrue(required(schemas, "ProcessingModuleView").containsAll(List.of("id", "name", "integration",
                "version")), "ProcessingModuleView");
        assertTrue(required(schemas, "OrderDto").containsAll(List.of("id", "status", "lastAction", "amount")), "OrderDto");
        assertTrue(required(schemas, "ImportJobView").containsAll(List.of("id", "status", "created", "failed")),
                "ImportJobView");
        assertEquals(Set.of("items", "page", "size", "total"), required(schemas, "Page"));
        assertTrue(required(schemas, "Problem").containsAll(List.of("type", "title", "status")), "Problem");
        // A required field is never null; an optional one may be (see ApiDocs).
        assertEquals("\"string\"", schemas.at("/TariffView/properties/id/type").toString());
        assertTrue(schemas.at("/TariffView/properties/provider/type").toString().contains("null"));
    }

    @Test
    void swaggerUiStillServes() {
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    private void assertCodes(String path, String method, String... codes) {
        JsonNode responses = document.get("paths").get(path).get(method).get("responses");
        assertEquals(new TreeSet<>(List.of(codes)), names(responses), method + " " + path);
    }

    private static Set<String> required(JsonNode schemas, String name) {
        Set<String> required = new TreeSet<>();
        schemas.path(name).path("required").forEach(n -> required.add(n.asText()));
        return required;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A schema that says something: a reference, a type or a composition, never an empty object. */
    private static boolean typed(JsonNode schema) {
        return schema != null && (schema.has("$ref") || schema.has("type") || schema.has("allOf"));
    }
}
