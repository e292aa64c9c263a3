package io.resellhub.kubernetes;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * The CloudNativePG {@code Cluster} (postgresql.cnpg.io/v1) has no Java model on Maven Central and its
 * CRD cannot be fetched offline, so its structure is checked here explicitly: every field name at the
 * levels we use must be one the CRD defines (lists taken from the json tags of {@code ClusterSpec},
 * {@code BootstrapConfiguration}, {@code BootstrapInitDB}, {@code StorageConfiguration},
 * {@code PostgresConfiguration}, {@code AffinityConfiguration} and {@code MonitoringConfiguration} in
 * cloudnative-pg api/v1/cluster_types.go), every value we use has the CRD's type, and the embedded
 * Kubernetes types (metadata, resources) are bound strictly with the fabric8 model.
 */
final class CloudNativePg {

    static final String API_VERSION = "postgresql.cnpg.io/v1";
    static final String KIND = "Cluster";
    static final String SCHEDULED_BACKUP = "ScheduledBackup";

    /** The Secret the operator creates with username, password, uri, jdbc-uri, ... of the owner role. */
    static final String APP_SECRET_SUFFIX = "-app";

    /** The read-write Service the operator creates in front of the cluster's primary. */
    static final String PRIMARY_SERVICE_SUFFIX = "-rw";

    static final Set<String> APP_SECRET_KEYS = Set.of("username", "user", "password", "dbname", "host", "port",
            "pgpass", "uri", "jdbc-uri", "fqdn-uri", "fqdn-jdbc-uri");

    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec");

    private static final Set<String> CLUSTER_SPEC = Set.of("description", "inheritedMetadata", "imageName",
            "imageCatalogRef", "imagePullPolicy", "schedulerName", "postgresUID", "postgresGID", "instances",
            "minSyncReplicas", "maxSyncReplicas", "postgresql", "podSelectorRefs", "replicationSlots", "bootstrap",
            "replica", "superuserSecret", "enableSuperuserAccess", "certificates", "imagePullSecrets", "storage",
            "serviceAccountTemplate", "serviceAccountName", "walStorage", "ephemeralVolumeSource", "startDelay",
            "stopDelay", "smartShutdownTimeout", "switchoverDelay", "failoverDelay", "livenessProbeTimeout",
            "affinity", "topologySpreadConstraints", "resources", "ephemeralVolumesSizeLimit", "priorityClassName",
            "primaryUpdateStrategy", "primaryUpdateMethod", "backup", "nodeMaintenanceWindow", "monitoring",
            "externalClusters", "logLevel", "projectedVolumeTemplate", "env", "envFrom", "managed", "seccompProfile",
            "podSecurityContext", "securityContext", "tablespaces", "enablePDB", "plugins", "probes", "primaryLease");

    private static final Set<String> BACKUP = Set.of("barmanObjectStore", "retentionPolicy", "target", "volumeSnapshot");

    private static final Set<String> SCHEDULED_BACKUP_SPEC = Set.of("cluster", "schedule", "immediate", "suspend",
            "method", "target", "backupOwnerReference", "online", "onlineConfiguration", "pluginConfiguration");

    private static final Set<String> BOOTSTRAP = Set.of("initdb", "recovery", "pg_basebackup");

    private static final Set<String> INITDB = Set.of("database", "owner", "secret", "options", "dataChecksums",
            "encoding", "localeCollate", "localeCType", "locale", "localeProvider", "icuLocale", "icuRules",
            "builtinLocale", "walSegmentSize", "postInitSQL", "postInitApplicationSQL", "postInitTemplateSQL", "import",
            "postInitApplicationSQLRefs", "postInitTemplateSQLRefs", "postInitSQLRefs");

    private static final Set<String> STORAGE = Set.of("storageClass", "size", "resizeInUseVolumes", "pvcTemplate");

    private static final Set<String> POSTGRESQL = Set.of("parameters", "synchronous", "pg_hba", "pg_ident",
            "syncReplicaElectionConstraint", "shared_preload_libraries", "ldap", "promotionTimeout",
            "enableAlterSystem", "extensions");

    private static final Set<String> AFFINITY = Set.of("enablePodAntiAffinity", "topologyKey", "nodeSelector",
            "nodeAffinity", "tolerations", "podAntiAffinityType", "additionalPodAntiAffinity",
            "additionalPodAffinity");

    private static final Set<String> MONITORING = Set.of("disableDefaultQueries", "customQueriesConfigMap",
            "customQueriesSecret", "enablePodMonitor", "tls", "podMonitorMetricRelabelings",
            "podMonitorRelabelings", "metricsQueriesTTL");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private CloudNativePg() {
    }

    /** A parsed Cluster: its metadata and the (checked) spec. */
    record Cluster(ObjectMeta metadata, JsonNode spec) {

        String name() {
            return metadata.getName();
        }

        int instances() {
            return spec.path("instances").asInt();
        }

        String database() {
            return spec.path("bootstrap").path("initdb").path("database").asText(null);
        }

        String owner() {
            return spec.path("bootstrap").path("initdb").path("owner").asText(null);
        }

        String appSecret() {
            return name() + APP_SECRET_SUFFIX;
        }

        /** The labels CloudNativePG puts on the cluster's instance pods (and its jobs), as far as policies use them. */
        Map<String, String> podLabels() {
            return Map.of("cnpg.io/cluster", name(), "cnpg.io/podRole", "instance");
        }
    }

    /** A parsed ScheduledBackup: which cluster, on which schedule (field names checked; values by the schema). */
    record ScheduledBackup(ObjectMeta metadata, JsonNode spec) {

        String cluster() {
            return spec.path("cluster").path("name").asText(null);
        }
    }

    static ScheduledBackup parseScheduledBackup(ObjectNode doc, String where, List<String> problems) {
        int before = problems.size();
        keys(doc, TOP_LEVEL, where, problems);
        ObjectMeta metadata = StrictModel.bind(doc.path("metadata"), ObjectMeta.class, where + ".metadata", problems);
        keys(doc.path("spec"), SCHEDULED_BACKUP_SPEC, where + ".spec", problems);
        return problems.size() == before ? new ScheduledBackup(metadata, doc.path("spec")) : null;
    }

    static Cluster parse(ObjectNode doc, String where, List<String> problems) {
        int before = problems.size();
        keys(doc, TOP_LEVEL, where, problems);
        ObjectMeta metadata = StrictModel.bind(doc.path("metadata"), ObjectMeta.class, where + ".metadata", problems);
        JsonNode spec = doc.path("spec");
        if (!spec.isObject()) {
            problems.add(where + ": spec is missing");
            return null;
        }
        String at = where + ".spec";
        keys(spec, CLUSTER_SPEC, at, problems);

        JsonNode instances = spec.path("instances");
        if (!instances.isInt() || instances.asInt() < 1) {
            problems.add(at + ".instances: required integer >= 1, got " + instances);
        }
        enumValue(spec, "primaryUpdateStrategy", Set.of("supervised", "unsupervised"), at, problems);
        enumValue(spec, "primaryUpdateMethod", Set.of("switchover", "restart"), at, problems);
        scalar(spec, "imageName", JsonNode::isTextual, "string", at, problems);
        scalar(spec, "enablePDB", JsonNode::isBoolean, "boolean", at, problems);
        scalar(spec, "enableSuperuserAccess", JsonNode::isBoolean, "boolean", at, problems);

        JsonNode bootstrap = spec.path("bootstrap");
        if (bootstrap.isObject()) {
            keys(bootstrap, BOOTSTRAP, at + ".bootstrap", problems);
            JsonNode initdb = bootstrap.path("initdb");
            if (initdb.isObject()) {
                keys(initdb, INITDB, at + ".bootstrap.initdb", problems);
                for (String field : List.of("database", "owner")) {
                    JsonNode value = initdb.path(field);
                    if (!value.isTextual() || !IDENTIFIER.matcher(value.asText()).matches()) {
                        problems.add(at + ".bootstrap.initdb." + field + ": a PostgreSQL identifier, got " + value);
                    }
                }
            } else if (!initdb.isMissingNode()) {
                problems.add(at + ".bootstrap.initdb: must be an object");
            }
        }

        JsonNode storage = spec.path("storage");
        if (!storage.isObject()) {
            problems.add(at + ".storage: required (the PVC size of each instance)");
        } else {
            keys(storage, STORAGE, at + ".storage", problems);
            quantity(storage.path("size"), at + ".storage.size", problems);
            scalar(storage, "storageClass", JsonNode::isTextual, "string", at + ".storage", problems);
        }

        JsonNode postgresql = spec.path("postgresql");
        if (postgresql.isObject()) {
            keys(postgresql, POSTGRESQL, at + ".postgresql", problems);
            JsonNode parameters = postgresql.path("parameters");
            if (!parameters.isMissingNode()) {
                if (!parameters.isObject()) {
                    problems.add(at + ".postgresql.parameters: must be a map of strings");
                } else {
                    parameters.fields().forEachRemaining(e -> {
                        if (!e.getValue().isTextual()) {
                            problems.add(at + ".postgresql.parameters." + e.getKey()
                                    + ": values are strings in the CRD (quote it), got " + e.getValue());
                        }
                    });
                }
            }
        }

        if (spec.has("resources")) {
            StrictModel.bind(spec.get("resources"), ResourceRequirements.class, at + ".resources", problems);
        }

        JsonNode affinity = spec.path("affinity");
        if (affinity.isObject()) {
            keys(affinity, AFFINITY, at + ".affinity", problems);
            scalar(affinity, "enablePodAntiAffinity", JsonNode::isBoolean, "boolean", at + ".affinity", problems);
            scalar(affinity, "topologyKey", JsonNode::isTextual, "string", at + ".affinity", problems);
            enumValue(affinity, "podAntiAffinityType", Set.of("preferred", "required"), at + ".affinity", problems);
        }

        if (spec.path("backup").isObject()) {
            keys(spec.path("backup"), BACKUP, at + ".backup", problems);
        }

        JsonNode monitoring = spec.path("monitoring");
        if (monitoring.isObject()) {
            keys(monitoring, MONITORING, at + ".monitoring", problems);
        }

        return problems.size() == before ? new Cluster(metadata, spec) : null;
    }

    private static void keys(JsonNode node, Set<String> allowed, String where, List<String> problems) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            problems.add(where + ": unknown field(s) " + unknown + " (not in the CloudNativePG Cluster CRD)");
        }
    }

    private static void enumValue(JsonNode node, String field, Set<String> allowed, String where, List<String> problems) {
        JsonNode value = node.path(field);
        if (!value.isMissingNode() && !(value.isTextual() && allowed.contains(value.asText()))) {
            problems.add(where + "." + field + ": one of " + allowed + ", got " + value);
        }
    }

    private static void scalar(JsonNode node, String field, java.util.function.Predicate<JsonNode> type, String typeName,
            String where, List<String> problems) {
        JsonNode value = node.path(field);
        if (!value.isMissingNode() && !type.test(value)) {
            problems.add(where + "." + field + ": must be a " + typeName + ", got " + value);
        }
    }

    private static void quantity(JsonNode value, String where, List<String> problems) {
        if (!value.isTextual()) {
            problems.add(where + ": a quantity string such as 10Gi, got " + value);
            return;
        }
        try {
            Quantity.getAmountInBytes(new Quantity(value.asText()));
        } catch (RuntimeException e) {
            problems.add(where + ": not a valid quantity: " + value.asText());
        }
    }
}
