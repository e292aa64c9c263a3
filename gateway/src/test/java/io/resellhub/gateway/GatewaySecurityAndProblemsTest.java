package io.resellhub.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.resellhub.localinfra.ManagementInterface;
import io.restassured.http.ContentType;

/** Authentication, roles and problem+json at the gateway, with downstreams stubbed by WireMock. */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class GatewaySecurityAndProblemsTest {

    @BeforeEach
    void resetDownstream() {
        GatewayTestResource.downstream.resetAll();
    }

    @Test
    void missingTokenIs401Problem() {
        given().when().get("/api/v1/processing-modules")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"))
                .body("instance", equalTo("/api/v1/processing-modules"));
    }

    @Test
    void invalidTokenIs401Problem() {
        given().auth().oauth2("not.a.token").when().get("/api/v1/processing-modules")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
    }

    @Test
    void aTokenForAnotherAudienceIs401AndNotForwarded() {
        GatewayTestResource.downstream.stubFor(get(urlEqualTo("/processing-modules?page=0&size=10"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"items\":[],\"page\":0,\"size\":10,\"total\":0}")));

        // Same key, issuer and role: only "aud" names another API than the one the gateway is configured for.
        given().auth().oauth2(GatewayTestResource.adminTokenFor("another-api"))
                .when().get("/api/v1/processing-modules?page=0&size=10")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        GatewayTestResource.downstream.verify(0, getRequestedFor(urlEqualTo("/processing-modules?page=0&size=10")));

        given().auth().oauth2(GatewayTestResource.adminToken())
                .when().get("/api/v1/processing-modules?page=0&size=10")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void viewerMayReadButNotWrite() {
        GatewayTestResource.downstream.stubFor(get(urlEqualTo("/processing-modules?page=0&size=10"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"items\":[],\"page\":0,\"size\":10,\"total\":0}")));

        given().auth().oauth2(GatewayTestResource.viewerToken())
                .when().get("/api/v1/processing-modules?page=0&size=10")
                .then().statusCode(200).body("total", equalTo(0));

        given().auth().oauth2(GatewayTestResource.viewerToken()).contentType(ContentType.JSON).body("{\"name\":\"x\"}")
                .when().post("/api/v1/processing-modules")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        GatewayTestResource.downstream.verify(0, postRequestedFor(urlEqualTo("/processing-modules")));
    }

    @Test
    void adminWriteIsRelayedWithPublicLocation() {
        GatewayTestResource.downstream.stubFor(post(urlEqualTo("/processing-modules"))
                .withRequestBody(equalToJson("{\"name\":\"Upstream SSL\"}"))
                .willReturn(aResponse().withStatus(201)
                        .withHeader("Location", GatewayTestResource.downstream.baseUrl() + "/processing-modules/m-1")
                        .withHeader("Content-Type", "application/json").withBody("{\"id\":\"m-1\"}")));

        given().auth().oauth2(GatewayTestResource.adminToken()).contentType(ContentType.JSON)
                .body("{\"name\":\"Upstream SSL\"}")
                .when().post("/api/v1/processing-modules")
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/processing-modules/m-1"))
                .header("Location", not(containsString(GatewayTestResource.downstream.baseUrl())))
                .body("id", equalTo("m-1"));
    }

    @Test
    void downstreamProblemIsPassedOnWithPublicInstance() {
        GatewayTestResource.downstream.stubFor(get(urlEqualTo("/processing-modules/nope"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                                + "\"detail\":\"Processing module nope does not exist\",\"instance\":\"/processing-modules/nope\"}")));

        given().auth().oauth2(GatewayTestResource.viewerToken())
                .when().get("/api/v1/processing-modules/nope")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("Processing module nope does not exist"))
                .body("instance", equalTo("/api/v1/processing-modules/nope"));
    }

    @Test
    void malformedJsonIs400NotForwarded() {
        given().auth().oauth2(GatewayTestResource.adminToken()).contentType(ContentType.JSON).body("{\"name\": ")
                .when().post("/api/v1/processing-modules")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        GatewayTestResource.downstream.verify(0, postRequestedFor(urlEqualTo("/processing-modules")));
    }

    @Test
    void aBodyOverOneMebibyteIs413ProblemNotForwarded() {
        String big = "{\"name\":\"" + "x".repeat(1024 * 1024) + "\"}";
        given().auth().oauth2(GatewayTestResource.adminToken()).contentType(ContentType.JSON).body(big)
                .when().post("/api/v1/processing-modules")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        GatewayTestResource.downstream.verify(0, postRequestedFor(urlEqualTo("/processing-modules")));
    }

    @Test
    void badPagingAndNulInAQueryAre400ProblemsNotForwarded() {
        for (String query : new String[] {"page=4294968&size=500", "page=99999999999", "size=0", "q=%00",
                "q=%C3%28"}) {
            given().auth().oauth2(GatewayTestResource.adminToken()).urlEncodingEnabled(false)
                    .when().get("/api/v1/tariffs?" + query)
                    .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                    .body("instance", equalTo("/api/v1/tariffs"));
        }
        GatewayTestResource.downstream.verify(0, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/tariffs")));
    }

    @Test
    void wrongMediaTypeIs415() {
        given().auth().oauth2(GatewayTestResource.adminToken()).contentType(ContentType.TEXT).body("name=x")
                .when().post("/api/v1/processing-modules")
                .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
    }

    @Test
    void unknownPathIs404Problem() {
        given().auth().oauth2(GatewayTestResource.adminToken())
                .when().get("/api/v1/no-such-thing")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void wrongMethodIs405Problem() {
        given().auth().oauth2(GatewayTestResource.adminToken())
                .when().delete("/api/v1/product-types")
                .then().statusCode(405).contentType("application/problem+json").body("status", equalTo(405));
    }

    @Test
    void unreachableDownstreamIs503Problem() {
        GatewayTestResource.downstream.stubFor(get(urlEqualTo("/product-types"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        given().auth().oauth2(GatewayTestResource.viewerToken())
                .when().get("/api/v1/product-types")
                .then().statusCode(503).contentType("application/problem+json")
                .body("status", equalTo(503)).body("detail", containsString("module-service"));
    }

    @Test
    void aDownstreamThatDoesNotAnswerWithinItsReadTimeoutIs503Problem() {
        // module-service's read timeout is 2 s here; a read is tried three times.
        GatewayTestResource.downstream.stubFor(get(urlEqualTo("/product-types"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(2_500).withBody("[]")));

        given().auth().oauth2(GatewayTestResource.viewerToken())
                .when().get("/api/v1/product-types")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", equalTo("module-service did not answer within 2 s; try again shortly"));
        GatewayTestResource.downstream.verify(3, getRequestedFor(urlEqualTo("/product-types")));
    }

    @Test
    void healthIsOpenOnTheManagementPortOnly() {
        given().when().get(ManagementInterface.url() + "/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(404);
        given().when().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void consoleIsServedWithoutATokenWhileTheApiIsNot() {
        given().when().get("/console/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<title>Reseller console</title>"));
        given().when().get("/console/js/app.js").then().statusCode(200).contentType(containsString("javascript"));
        given().redirects().follow(false).when().get("/console").then().statusCode(302)
                .header("Location", endsWith("/console/"));
        given().when().get("/api/v1/tariffs").then().statusCode(401).contentType("application/problem+json");
    }
}
