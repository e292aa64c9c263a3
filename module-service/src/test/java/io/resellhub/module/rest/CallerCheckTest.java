package io.resellhub.module.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.localinfra.ManagementInterface;
import io.resellhub.localinfra.TestTokens;
import io.resellhub.module.RealInfrastructureProfile;

/** module-service checks who calls: a token for every endpoint, admin for changes, health and metrics open. */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class CallerCheckTest {

    @Test
    void aCallWithoutATokenIs401ProblemJson() {
        given().auth().none().when().get("/processing-modules").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401))
                .header("WWW-Authenticate", "Bearer");
        given().auth().none().when().get("/product-types").then().statusCode(401);
    }

    @Test
    void aTokenSignedWithAnotherKeyIs401() {
        String forged = io.resellhub.localinfra.JwtTokens.generate()
                .issue("mallory", java.util.List.of("admin"), java.time.Duration.ofMinutes(5));
        given().auth().oauth2(forged).when().get("/processing-modules").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aViewerReadsButAWriteIs403() {
        given().auth().oauth2(TestTokens.viewer()).when().get("/processing-modules").then().statusCode(200);
        given().auth().oauth2(TestTokens.viewer()).contentType("application/json").body("{}")
                .when().post("/processing-modules").then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
        given().auth().oauth2(TestTokens.viewer()).when().delete("/processing-modules/" + UUID.randomUUID())
                .then().statusCode(403);
    }

    @Test
    void aServiceTokenReadsOnlyWhatTariffServiceNeeds() {
        String service = TestTokens.service("tariff-service");
        given().auth().oauth2(service).when().get("/processing-modules/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(service).when().get("/processing-modules").then().statusCode(403);
        given().auth().oauth2(service).contentType("application/json").body("{}")
                .when().post("/processing-modules").then().statusCode(403);
    }

    @Test
    void healthAndMetricsStayOpenOnTheManagementPortOnly() {
        given().auth().none().when().get(ManagementInterface.url() + "/q/health/ready").then().statusCode(200);
        given().auth().none().when().get(ManagementInterface.url() + "/q/metrics").then().statusCode(200);
        given().auth().none().when().get("/q/health/ready").then().statusCode(404);
        given().auth().none().when().get("/q/metrics").then().statusCode(404);
    }
}
