package io.resellhub.reselling;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.localinfra.ManagementInterface;
import io.resellhub.localinfra.TestTokens;

/** reselling-service checks who calls; the storefront catalog stays public. */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class CallerCheckTest {

    @Test
    void aCallWithoutATokenIs401ProblemJson() {
        given().auth().none().when().get("/orders").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
        given().auth().none().contentType("application/json").body("{\"ids\":[\"" + UUID.randomUUID() + "\"]}")
                .when().post("/tariffs/enable").then().statusCode(401);
    }

    @Test
    void aViewerReadsButAWriteIs403() {
        given().auth().oauth2(TestTokens.viewer()).when().get("/orders").then().statusCode(200);
        given().auth().oauth2(TestTokens.viewer()).contentType("application/json")
                .body("{\"ids\":[\"" + UUID.randomUUID() + "\"]}")
                .when().post("/tariffs/enable").then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
        given().auth().oauth2(TestTokens.viewer()).when().post("/orders/" + UUID.randomUUID() + "/renew")
                .then().statusCode(403);
    }

    @Test
    void theCatalogHealthAndMetricsStayPublic() {
        given().auth().none().when().get("/catalog").then().statusCode(200);
        given().auth().none().when().get(ManagementInterface.url() + "/q/health/ready").then().statusCode(200);
        given().auth().none().when().get(ManagementInterface.url() + "/q/metrics").then().statusCode(200);
    }
}
