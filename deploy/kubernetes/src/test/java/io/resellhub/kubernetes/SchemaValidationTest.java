package io.resellhub.kubernetes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every rendered overlay (and every component on top of prod) is valid against the upstream schemas
 * (Kubernetes 1.33 OpenAPI, Strimzi 0.50.0, CloudNativePG 1.27.1 and prometheus-operator v0.86.0 CRDs; see
 * src/test/resources/schemas/README.md), and the check itself fails on a broken copy: an enum typo, a missing
 * required field, an unknown field, a wrong type.
 */
class SchemaValidationTest {

    static List<String> overlays() {
        return Project.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyOverlayIsValidAgainstTheSchemas(String overlay) {
        Problems.assertNone(Schemas.violations(Rendered.overlay(overlay)));
    }

    @Test
    void everyComponentIsValidAgainstTheSchemas() {
        List<String> problems = new ArrayList<>();
        for (String component : Project.components()) {
            problems.addAll(Schemas.violations(Rendered.withComponent(component)));
        }
        Problems.assertNone(problems);
    }

    @Test
    void anEnumTypoFails() {
        ObjectNode deployment = copyOf("prod", "Deployment", "gateway");
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).put("imagePullPolicy", "IfNotPresnt");
        assertFails(deployment, "imagePullPolicy");

        ObjectNode kafka = copyOf("prod", "Kafka", "resellhub");
        ((ObjectNode) kafka.at("/spec/kafka/listeners/0")).put("type", "internel");
        assertFails(kafka, "type");

        ObjectNode policy = copyOf("prod", "NetworkPolicy", "gateway");
        ((ArrayNode) policy.at("/spec/policyTypes")).set(0, "Ingres");
        assertFails(policy, "policyTypes");

        ObjectNode pool = copyOf("prod", "KafkaNodePool", "dual-role");
        ((ArrayNode) pool.at("/spec/roles")).set(0, "controler");
        assertFails(pool, "roles");

        ObjectNode database = copyOf("prod", "Cluster", "module-service-db");
        ((ObjectNode) database.get("spec")).put("primaryUpdateStrategy", "automatic");
        assertFails(database, "primaryUpdateStrategy");

        ObjectNode backup = Rendered.withComponent("backup").documents.stream()
                .filter(d -> "ScheduledBackup".equals(d.path("kind").asText())).findFirst().orElseThrow().deepCopy();
        ((ObjectNode) backup.get("spec")).put("method", "barmanObjectstore");
        assertFails(backup, "method");
    }

    @Test
    void aMissingRequiredFieldFails() {
        ObjectNode policy = copyOf("prod", "HorizontalPodAutoscaler", "gateway");
        ((ObjectNode) policy.get("spec")).remove("maxReplicas");
        assertFails(policy, "maxReplicas");

        ObjectNode kafka = copyOf("prod", "Kafka", "resellhub");
        ((ObjectNode) kafka.at("/spec/kafka/listeners/0")).remove("tls");
        assertFails(kafka, "tls");

        ObjectNode database = copyOf("prod", "Cluster", "module-service-db");
        ((ObjectNode) database.get("spec")).remove("instances");
        assertFails(database, "instances");

        ObjectNode deployment = copyOf("prod", "Deployment", "tariff-service");
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).remove("name");
        assertFails(deployment, "name");
    }

    @Test
    void anUnknownFieldAndAWrongTypeFail() {
        ObjectNode service = copyOf("prod", "Service", "gateway");
        ((ObjectNode) service.at("/spec/ports/0")).put("port", "8080");
        assertFails(service, "port");

        ObjectNode topic = copyOf("prod", "KafkaTopic", "tariffs");
        ((ObjectNode) topic.get("spec")).put("partition", 3);
        assertFails(topic, "partition");

        ObjectNode database = copyOf("prod", "Cluster", "reselling-service-db");
        ((ObjectNode) database.at("/spec/storage")).put("sizee", "10Gi");
        assertFails(database, "sizee");
    }

    @Test
    void aKindWithoutSchemaFails() {
        ObjectNode unknown = copyOf("prod", "Service", "gateway");
        unknown.put("apiVersion", "v2");
        assertFails(unknown, "no schema");
    }

    private static ObjectNode copyOf(String overlay, String kind, String name) {
        return Rendered.overlay(overlay).documents.stream()
                .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText()))
                .findFirst()
                .map(ObjectNode::deepCopy)
                .orElseThrow(() -> new AssertionError("overlays/" + overlay + " has no " + kind + " " + name));
    }

    private static void assertFails(ObjectNode doc, String mentioning) {
        List<String> violations = Schemas.violations(doc, "broken copy");
        assertTrue(violations.stream().anyMatch(v -> v.contains(mentioning)),
                "expected a violation mentioning " + mentioning + ", got " + violations);
    }
}
