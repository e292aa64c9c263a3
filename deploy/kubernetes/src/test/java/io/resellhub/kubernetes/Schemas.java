package io.resellhub.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * Validates rendered documents against the JSON Schemas in src/test/resources/schemas: the upstream
 * Kubernetes OpenAPI and the Strimzi, CloudNativePG and Prometheus Operator CRD schemas (versions, origin and
 * the few changes made on the way in the README there). Besides unknown fields and wrong types, which the
 * strict model binding ({@link StrictModel}) catches as well, the schemas check what the models do not know:
 * upstream's required fields, enums, minimums and patterns.
 */
final class Schemas {

    /** apiVersion/kind -> the schema file under schemas/ that defines it (as $defs/&lt;kind&gt;). */
    private static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("v1/Namespace", "kubernetes.yaml"),
            Map.entry("v1/ServiceAccount", "kubernetes.yaml"),
            Map.entry("v1/ConfigMap", "kubernetes.yaml"),
            Map.entry("v1/Secret", "kubernetes.yaml"),
            Map.entry("v1/Service", "kubernetes.yaml"),
            Map.entry("apps/v1/Deployment", "kubernetes.yaml"),
            Map.entry("networking.k8s.io/v1/Ingress", "kubernetes.yaml"),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", "kubernetes.yaml"),
            Map.entry("policy/v1/PodDisruptionBudget", "kubernetes.yaml"),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", "kubernetes.yaml"),
            Map.entry("kafka.strimzi.io/v1/Kafka", "strimzi.yaml"),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", "strimzi.yaml"),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", "strimzi.yaml"),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", "strimzi.yaml"),
            Map.entry("postgresql.cnpg.io/v1/Cluster", "cloudnative-pg.yaml"),
            Map.entry("postgresql.cnpg.io/v1/ScheduledBackup", "cloudnative-pg.yaml"),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", "prometheus-operator.yaml"),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", "prometheus-operator.yaml"),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", "prometheus-operator.yaml"));

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Schemas() {
    }

    /** Every schema violation of every document, as "source: Kind name: /path: message". */
    static List<String> violations(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode doc : rendered.documents) {
            problems.addAll(violations(doc, rendered.source));
        }
        return problems;
    }

    static List<String> violations(ObjectNode doc, String source) {
        String apiVersion = doc.path("apiVersion").asText("");
        String kind = doc.path("kind").asText("");
        String where = source + ": " + kind + " " + doc.path("metadata").path("name").asText("<no name>");
        String file = FILES.get(apiVersion + "/" + kind);
        if (file == null) {
            return List.of(where + ": no schema for " + apiVersion + "/" + kind
                    + " (add it to src/test/resources/schemas and Schemas.FILES)");
        }
        Schema schema = LOADED.computeIfAbsent(file + "#/$defs/" + kind,
                location -> REGISTRY.getSchema(SchemaLocation.of("classpath:schemas/" + location)));
        List<Error> errors;
        try {
            errors = schema.validate(JSON.writeValueAsString(doc), InputFormat.JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return errors.stream().map(e -> where + ": " + e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }
}
