package io.resellhub.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Sections 4 and 5 at the gateway: the catalog is public, enabling tariffs is for admins only. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class ResellingApiTest {

    private static final String ENABLE = "{\"ids\":[\"0b3c5e0e-5d1f-4c53-9d1e-6a1b7f1c2d3e\"],\"allowBelowCost\":false}";

    @BeforeEach
    void resetDownstream() {
        GatewayTestResource.downstream.resetAll();
    }

    @Test
    void catalogIsPublicAndRelayedWithItsQuery() {
        GatewayTestResource.downstream.stubFor(get(urlEqualTo("/catalog?productType=ssl-certificate&page=0&size=10"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"items\":[{\"id\":\"t-1\",\"name\":\"PositiveSSL\",\"productType\":\"ssl-certificate\","
                                + "\"provider\":\"My Company\",\"prices\":[{\"period\":12,\"amount\":\"15.00\","
                                + "\"currency\":\"USD\"}]}],\"page\":0,\"size\":10,\"total\":1}")));

        given().when().get("/api/v1/catalog?productType=ssl-certificate&page=0&size=10")
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].name", equalTo("PositiveSSL"))
                .body("items[0].prices[0].amount", equalTo("15.00"));
    }

    @Test
    void catalogProblemIsPassedOnWithThePublicInstance() {
        GatewayTestResource.downstream.stubFor(get(urlEqualTo("/catalog?size=100000"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"/problems/bad-request\",\"title\":\"Bad request\",\"status\":400,"
                                + "\"detail\":\"Invalid query or path parameter(s)\",\"instance\":\"/catalog\","
                                + "\"errors\":[{\"field\":\"size\",\"message\":\"size must be between 1 and 500\"}]}")));

        given().when().get("/api/v1/catalog?size=100000")
                .then().statusCode(400).contentType("application/problem+json")
                .body("instance", equalTo("/api/v1/catalog"))
                .body("errors[0].field", equalTo("size"));
    }

    @Test
    void enableAndDisableNeedAnAdmin() {
        given().contentType(ContentType.JSON).body(ENABLE).when().post("/api/v1/tariffs/enable")
                .then().statusCode(401);
        given().auth().oauth2(GatewayTestResource.viewerToken()).contentType(ContentType.JSON).body(ENABLE)
                .when().post("/api/v1/tariffs/enable")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(GatewayTestResource.viewerToken()).contentType(ContentType.JSON).body(ENABLE)
                .when().post("/api/v1/tariffs/disable")
                .then().statusCode(403);
        GatewayTestResource.downstream.verify(0, postRequestedFor(urlEqualTo("/tariffs/enable")));
    }

    @Test
    void adminEnableIsRelayedWithPerIdResults() {
        GatewayTestResource.downstream.stubFor(post(urlEqualTo("/tariffs/enable")).withRequestBody(equalToJson(ENABLE))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"results\":[{\"id\":\"0b3c5e0e-5d1f-4c53-9d1e-6a1b7f1c2d3e\",\"status\":\"enabled\"}]}")));

        given().auth().oauth2(GatewayTestResource.adminToken()).contentType(ContentType.JSON).body(ENABLE)
                .when().post("/api/v1/tariffs/enable")
                .then().statusCode(200)
                .body("results[0].status", equalTo("enabled"));
        GatewayTestResource.downstream.verify(1, postRequestedFor(urlEqualTo("/tariffs/enable")));
    }
}
