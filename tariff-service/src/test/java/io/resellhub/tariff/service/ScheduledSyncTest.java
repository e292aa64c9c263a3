package io.resellhub.tariff.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static io.resellhub.tariff.ModuleServiceStub.plan;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.tariff.ModuleServiceStub;
import io.resellhub.tariff.RealInfrastructureProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class ScheduledSyncTest {

    @Inject
    ImportService imports;

    @Inject
    EntityManager entityManager;

    @Test
    void theScheduledSyncQueuesModulesThatExistAndSkipsDeletedOnes() {
        UUID kept = importedModule();
        UUID deleted = importedModule();
        ModuleServiceStub.server().stubFor(get(urlPathEqualTo("/processing-modules/" + deleted))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404}")));

        imports.scheduledSync();

        assertEquals(1, syncJobs(kept), "the existing module is synced");
        assertEquals(0, syncJobs(deleted), "the deleted module is not");
    }

    private static UUID importedModule() {
        UUID module = ModuleServiceStub.module("ssl-certificate");
        ModuleServiceStub.plans(module, List.of(plan("1", "Alpha SSL", 12, "10.00")));
        String job = given().contentType(ContentType.JSON).body(Map.of("processingModuleId", module,
                "productType", "ssl-certificate", "provider", "My Company")).post("/tariff-imports").then()
                .statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "succeeded".equals(
                given().get("/tariff-imports/" + job).then().extract().path("status")));
        return module;
    }

    private long syncJobs(UUID module) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM tariff_import WHERE kind = 'sync' AND processing_module_id = ?1")
                .setParameter(1, module).getSingleResult()).longValue());
    }
}
