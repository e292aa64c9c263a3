package io.resellhub.tariff.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.tariff.RealInfrastructureProfile;
import io.restassured.http.ContentType;

/** Hostile and odd input gets a 4xx problem naming what is wrong, never a 500 (commons' limits and mappers). */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class BadInputTest {

    @Test
    void pagesBeyondWhatAnOffsetCanHoldAre400BeforeAnyArithmetic() {
        given().queryParam("page", 4294968).queryParam("size", 500).get("/tariffs").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("page"));
        given().queryParam("page", 4294967).queryParam("size", 500).get("/tariffs").then().statusCode(200)
                .body("items.size()", equalTo(0));
        given().queryParam("page", "99999999999").get("/tariffs").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void nulOrInvalidUtf8InAQueryParameterIs400NamingIt() {
        given().urlEncodingEnabled(false).get("/tariffs?q=%00").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("q"))
                .body("errors[0].message", equalTo("must not contain NUL characters"));
        given().urlEncodingEnabled(false).get("/tariffs?q=%FF%FE").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("q"));
        given().urlEncodingEnabled(false).get("/tariffs?q=%E2%82").then().statusCode(400);
        given().urlEncodingEnabled(false).get("/tariffs?q=caf%C3%A9").then().statusCode(200);
    }

    @Test
    void nulInABodyFieldIs422NamingIt() {
        given().contentType(ContentType.JSON).body("{\"version\":0,\"name\":\"a\\u0000b\"}")
                .patch("/tariffs/" + UUID.randomUUID()).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("name")).body("errors[0].message", equalTo("must not contain NUL characters"));
        given().contentType(ContentType.JSON).body(Map.of("processingModuleId", UUID.randomUUID(), "productType",
                "ssl-certificate", "upstreamTariffIds", List.of("1", "x\u0000")))
                .post("/tariff-imports").then().statusCode(422).body("errors[0].field", equalTo("upstreamTariffIds[1]"));
    }

    @Test
    void nullInsidePricesIs422() {
        given().contentType(ContentType.JSON).body("{\"version\":0,\"prices\":[null]}")
                .patch("/tariffs/" + UUID.randomUUID()).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("prices[0]"));
        given().contentType(ContentType.JSON).body("{\"version\":0,\"prices\":[{\"period\":12,\"amount\":null}]}")
                .patch("/tariffs/" + UUID.randomUUID()).then().statusCode(422)
                .body("errors[0].field", equalTo("prices[0].amount"));
    }

    @Test
    void aBodyOverOneMebibyteIs413Problem() {
        String big = "{\"version\":0,\"name\":\"" + "x".repeat(1024 * 1024) + "\"}";
        given().contentType(ContentType.JSON).body(big).patch("/tariffs/" + UUID.randomUUID()).then().statusCode(413)
                .contentType("application/problem+json").body("status", equalTo(413));
    }
}
