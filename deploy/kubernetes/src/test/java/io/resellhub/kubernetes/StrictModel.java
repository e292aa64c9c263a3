package io.resellhub.kubernetes;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Parses a rendered document into its real model class and refuses anything the model does not
 * know. fabric8 and Strimzi classes swallow unknown fields into {@code additionalProperties} (the API
 * server would reject or silently drop them), so after Jackson has bound the document the object
 * graph is walked and every non-empty {@code additionalProperties} is a failure, with its path. Scalars
 * are not coerced (a quoted number where the API wants an integer fails, as it would on the server),
 * and a Strimzi property marked deprecated (i.e. gone from the v1 API) fails too.
 *
 * <p>CloudNativePG has no Java model; {@link CloudNativePg} checks its {@code Cluster} explicitly.
 */
final class StrictModel {

    static final ObjectMapper MAPPER = strictMapper();

    /** apiVersion/kind -> model class. A kind that is not here fails: add its model first. */
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

    private StrictModel() {
    }

    /** The typed object for {@code doc}, or null with the reasons added to {@code problems}. */
    static Object parse(ObjectNode doc, String source, List<String> problems) {
        String apiVersion = doc.path("apiVersion").asText("");
        String kind = doc.path("kind").asText("");
        String name = doc.path("metadata").path("name").asText("");
        String where = source + ": " + kind + " " + (name.isEmpty() ? "<no name>" : name);
        if (name.isEmpty()) {
            problems.add(where + ": metadata.name is missing");
        }
        if (CloudNativePg.API_VERSION.equals(apiVersion) && CloudNativePg.KIND.equals(kind)) {
            return CloudNativePg.parse(doc, where, problems);
        }
        if (CloudNativePg.API_VERSION.equals(apiVersion) && CloudNativePg.SCHEDULED_BACKUP.equals(kind)) {
            return CloudNativePg.parseScheduledBackup(doc, where, problems);
        }
        Class<?> model = MODELS.get(apiVersion + "/" + kind);
        if (model == null) {
            problems.add(where + ": no model for apiVersion " + apiVersion + ", kind " + kind
                    + " (unknown kind, wrong apiVersion, or add its model to StrictModel)");
            return null;
        }
        Object value;
        try {
            value = MAPPER.treeToValue(doc, model);
        } catch (Exception e) {
            problems.add(where + ": does not bind to " + model.getSimpleName() + ": " + e.getMessage());
            return null;
        }
        int before = problems.size();
        walk(value, where, problems, new IdentityHashMap<>());
        return problems.size() == before ? value : null;
    }

    /** Binds {@code node} to {@code type} strictly, e.g. a Kubernetes type embedded in a CloudNativePG spec. */
    static <T> T bind(JsonNode node, Class<T> type, String where, List<String> problems) {
        try {
            T value = MAPPER.treeToValue(node, type);
            walk(value, where, problems, new IdentityHashMap<>());
            return value;
        } catch (Exception e) {
            problems.add(where + ": does not bind to " + type.getSimpleName() + ": " + e.getMessage());
            return null;
        }
    }

    private static void walk(Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || value.getClass().isPrimitive()) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, problems, seen));
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                walk(element, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("io.strimzi.")) {
            return;
        }
        if (seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        Map<?, ?> unknown = additionalProperties(value);
        if (unknown != null && !unknown.isEmpty()) {
            problems.add(path + ": unknown field(s) " + unknown.keySet() + " for " + value.getClass().getSimpleName());
        }
        JavaType type = MAPPER.constructType(value.getClass());
        BeanDescription description = MAPPER.getSerializationConfig().introspect(type);
        for (BeanPropertyDefinition property : description.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor == null) {
                continue;
            }
            Object child;
            try {
                child = accessor.getValue(value);
            } catch (Exception e) {
                continue;
            }
            if (child == null) {
                continue;
            }
            if (pkg.startsWith("io.strimzi.") && deprecated(accessor.getAnnotated())) {
                problems.add(path + "." + property.getName() + ": deprecated by Strimzi (not part of the v1 API)");
            }
            walk(child, path + "." + property.getName(), problems, seen);
        }
    }

    private static boolean deprecated(AnnotatedElement element) {
        return element != null && element.isAnnotationPresent(Deprecated.class);
    }

    private static Map<?, ?> additionalProperties(Object value) {
        try {
            Method method = value.getClass().getMethod("getAdditionalProperties");
            return (Map<?, ?>) method.invoke(value);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // The API server does not coerce: "8080" is not an integer and 8080 is not a string.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }
}
