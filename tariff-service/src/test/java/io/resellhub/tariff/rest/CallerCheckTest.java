package io.resellhub.tariff.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.localinfra.JwtTokens;
import io.resellhub.localinfra.ManagementInterface;
import io.resellhub.localinfra.TestTokens;
import io.resellhub.tariff.ModuleServiceStub;
import io.resellhub.tariff.RealInfrastructureProfile;

/** tariff-service checks who calls, and calls module-service on its own account (role service). */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class CallerCheckTest {

    @Test
    void aCallWithoutATokenIs401ProblemJson() {
        given().auth().none().when().get("/tariffs").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
        given().auth().none().when().get("/tariff-imports/" + UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void aViewerReadsButAWriteIs403() {
        given().auth().oauth2(TestTokens.viewer()).when().get("/tariffs").then().statusCode(200);
        given().auth().oauth2(TestTokens.viewer()).contentType("application/json").body("{\"version\":0}")
                .when().patch("/tariffs/" + UUID.randomUUID()).then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
        given().auth().oauth2(TestTokens.viewer()).contentType("application/json").body("{}")
                .when().post("/tariff-imports").then().statusCode(403);
    }

    @Test
    void theCurrentStateLookupIsForServicesAndLeavesUnknownIdsOut() {
        String ids = "{\"ids\":[\"" + UUID.randomUUID() + "\"]}";
        given().auth().oauth2(TestTokens.viewer()).contentType("application/json").body(ids)
                .when().post("/tariffs/current").then().statusCode(403);
        given().auth().oauth2(TestTokens.service("reselling-service")).contentType("application/json").body(ids)
                .when().post("/tariffs/current").then().statusCode(200).body("items.size()", equalTo(0));
        given().auth().oauth2(TestTokens.service("reselling-service")).contentType("application/json")
                .body("{\"ids\":[]}").when().post("/tariffs/current").then().statusCode(422);
    }

    @Test
    void healthStaysOpen() {
        given().auth().none().when().get(ManagementInterface.url() + "/q/health/ready").then().statusCode(200);
    }

    @Test
    void callsModuleServiceWithItsOwnServiceToken() {
        UUID module = ModuleServiceStub.module("ssl-certificate");
        ModuleServiceStub.plans(module, java.util.List.of(ModuleServiceStub.plan("1", "Plan 1", 12, "10.00")));
        given().when().get("/processing-modules/" + module + "/upstream-tariffs?productType=ssl-certificate")
                .then().statusCode(200);
        String authorization = ModuleServiceStub.server()
                .findAll(getRequestedFor(urlPathEqualTo("/processing-modules/" + module + "/upstream-plans"))
                        .withHeader("Authorization", matching("Bearer .+")))
                .get(0).getHeader("Authorization");
        String claims = JwtTokens.claims(authorization.substring("Bearer ".length()));
        org.junit.jupiter.api.Assertions.assertTrue(claims.contains("\"groups\":[\"service\"]"), claims);
    }
}
