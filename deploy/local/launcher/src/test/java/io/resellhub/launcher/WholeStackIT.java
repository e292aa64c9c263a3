package io.resellhub.launcher;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/**
 * The whole system as run.sh starts it (real PostgreSQL, Kafka, simulator and four service JVMs on
 * free ports), driven only through the gateway, then started a second time on the same data.
 */
class WholeStackIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../../..").normalize();

    @Test
    void integrationSetupEndToEndAndDataSurvivesARestart() throws Exception {
        Path localDir = Files.createTempDirectory("whole-stack-it");
        LocalStackConfig config = LocalStackConfig.defaults(ROOT).withLocalDir(localDir).withPorts(StackPorts.free());
        String moduleId;
        try (RunningStack stack = LocalStack.start(config)) {
            String gateway = stack.gatewayUrl();
            String admin = stack.adminToken();
            SimulatorSettings sim = stack.simulatorSettings();

            given().when().get(gateway + "/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            given().when().get(gateway + "/api/v1/processing-modules").then().statusCode(401)
                    .contentType("application/problem+json");
            given().auth().oauth2(stack.viewerToken()).contentType(ContentType.JSON).body("{}")
                    .when().post(gateway + "/api/v1/processing-modules").then().statusCode(403)
                    .contentType("application/problem+json");

            given().auth().oauth2(admin).when().get(gateway + "/api/v1/product-types").then().statusCode(200)
                    .body("code", hasItem("ssl-certificate"));
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(Map.of("moduleType", "billmanager5", "integration", Map.of("url", stack.simulatorUrl(),
                            "username", sim.username(), "password", sim.password())))
                    .when().post(gateway + "/api/v1/processing-modules/check-connection")
                    .then().statusCode(200).body("ok", equalTo(true)).body("balance", equalTo("1000.00"));

            // A wrong password is refused and nothing is stored.
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(module(stack.simulatorUrl(), sim.username(), "not-the-password", "Wrong"))
                    .when().post(gateway + "/api/v1/processing-modules")
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("instance", equalTo("/api/v1/processing-modules"));

            moduleId = given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(module(stack.simulatorUrl(), sim.username(), sim.password(), "Upstream SSL"))
                    .when().post(gateway + "/api/v1/processing-modules")
                    .then().statusCode(201)
                    .header("Location", containsString(gateway + "/api/v1/processing-modules/"))
                    .body("integration.password", equalTo(null))
                    .extract().path("id");
            given().auth().oauth2(stack.viewerToken()).when().get(gateway + "/api/v1/processing-modules")
                    .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(moduleId))
                    .body(not(containsString(sim.password())));
            given().auth().oauth2(admin).when().get(gateway + "/api/v1/processing-modules/" + moduleId + "/balance")
                    .then().statusCode(200).body("balance", equalTo("1000.00")).body("belowMinimum", equalTo(false));

            // The module-service event crossed the broker into reselling-service's read model.
            String reselling = stack.serviceUrl(Service.RESELLING_SERVICE);
            String id = moduleId;
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    given().when().get(reselling + "/internal/modules/" + id).then().extract().statusCode() == 200);
            given().when().get(reselling + "/internal/modules/" + id).then()
                    .body("name", equalTo("Upstream SSL")).body("deleted", equalTo(false));

            Map<String, Object> update = module(stack.simulatorUrl(), sim.username(), null, "Renamed SSL");
            update.put("version", 0);
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(update)
                    .when().put(gateway + "/api/v1/processing-modules/" + moduleId)
                    .then().statusCode(200).body("name", equalTo("Renamed SSL")).body("version", equalTo(1));
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(update)
                    .when().put(gateway + "/api/v1/processing-modules/" + moduleId)
                    .then().statusCode(409).contentType("application/problem+json");
        }

        // A second start on the same .local keeps what the first one stored.
        try (RunningStack stack = LocalStack.start(config.withPorts(StackPorts.free()))) {
            String gateway = stack.gatewayUrl();
            given().auth().oauth2(stack.adminToken()).when().get(gateway + "/api/v1/processing-modules/" + moduleId)
                    .then().statusCode(200).body("name", equalTo("Renamed SSL"));
            given().auth().oauth2(stack.adminToken()).when().delete(gateway + "/api/v1/processing-modules/" + moduleId)
                    .then().statusCode(204);
            String reselling = stack.serviceUrl(Service.RESELLING_SERVICE);
            String id = moduleId;
            await().atMost(Duration.ofSeconds(60)).until(() -> given().when().get(reselling + "/internal/modules/" + id)
                    .then().extract().<Boolean>path("deleted"));
        }
    }

    private static Map<String, Object> module(String url, String username, String password, String name) {
        Map<String, Object> integration = new java.util.HashMap<>(Map.of("url", url, "username", username));
        if (password != null) {
            integration.put("password", password);
        }
        return new java.util.HashMap<>(Map.of("productType", "ssl-certificate", "moduleType", "billmanager5",
                "integration", integration, "name", name, "department", "Technical support", "sort", 10,
                "minimalBalance", "100.00"));
    }
}
