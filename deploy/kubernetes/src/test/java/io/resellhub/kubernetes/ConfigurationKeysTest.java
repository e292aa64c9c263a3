package io.resellhub.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;

/**
 * The configuration the services read (their application.properties, read now, not a copy) matches
 * what each overlay's Deployment sets: every variable without a usable default is set, nothing is set
 * that no one reads, and the values point at things that exist in the manifests (ports, Services, the
 * Kafka bootstrap, the service's own CloudNativePG database and its generated Secret, mounted files).
 */
class ConfigurationKeysTest {

    static Stream<Arguments> overlaysAndServices() {
        return Project.overlays().stream()
                .flatMap(overlay -> Project.SERVICES.stream().map(service -> Arguments.of(overlay, service)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void theManifestsSetWhatTheServiceReadsAndNothingElse(String overlay, String service) {
        Rendered rendered = Rendered.overlay(overlay);
        ServiceProperties properties = ServiceProperties.load(service);
        List<String> problems = new ArrayList<>();
        Map<String, PodEnvironment.Source> env =
                PodEnvironment.of(Pods.main(rendered.deployment(service)), rendered, problems);
        problems.addAll(ConfigurationComparison.compare(properties, env));
        Problems.assertNone(problems);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlaysAndServices")
    void theValuesPointAtWhatTheManifestsDefine(String overlay, String service) {
        Rendered rendered = Rendered.overlay(overlay);
        ServiceProperties properties = ServiceProperties.load(service);
        Deployment deployment = rendered.deployment(service);
        Container container = Pods.main(deployment);
        List<String> problems = new ArrayList<>();
        Map<String, PodEnvironment.Source> env = PodEnvironment.of(container, rendered, problems);

        // The port Quarkus listens on is the port the probes, the Service and the policies use.
        properties.envBehind("quarkus.http.port").ifPresent(reference -> {
            String value = Optional.ofNullable(PodEnvironment.value(env.get(reference.name())))
                    .or(reference::defaultValue).orElse(null);
            Integer port = Pods.httpPort(container).map(ContainerPort::getContainerPort).orElse(null);
            if (port == null || !String.valueOf(port).equals(value)) {
                problems.add(service + ": listens on " + reference.name() + "=" + value
                        + " but its container port `http` is " + port);
            }
        });

        // Health and metrics: the management interface is on, on the port the probes and Prometheus use.
        if (!"true".equals(properties.effective.get("quarkus.management.enabled"))) {
            problems.add(service + ": quarkus.management.enabled must be true (health and metrics off the API port)");
        }
        properties.envBehind("quarkus.management.port").ifPresentOrElse(reference -> {
            String value = Optional.ofNullable(PodEnvironment.value(env.get(reference.name())))
                    .or(reference::defaultValue).orElse(null);
            Integer port = Pods.managementPort(container).map(ContainerPort::getContainerPort).orElse(null);
            if (port == null || !String.valueOf(port).equals(value)) {
                problems.add(service + ": management interface on " + reference.name() + "=" + value
                        + " but its container port `management` is " + port);
            }
        }, () -> problems.add(service + ": quarkus.management.port must come from an environment variable"));

        // URLs of other services: a Service of that name with that port exists.
        env.forEach((name, source) -> {
            String value = PodEnvironment.value(source);
            if (name.endsWith("_URL") && value != null && value.startsWith("http")) {
                URI uri = URI.create(value);
                Service target = rendered.named(Service.class, uri.getHost()).orElse(null);
                if (target == null) {
                    problems.add(service + ": " + name + "=" + value + " names no Service of the manifests");
                } else if (target.getSpec().getPorts().stream().noneMatch(p -> p.getPort() == uri.getPort())) {
                    problems.add(service + ": " + name + "=" + value + " uses a port Service " + uri.getHost()
                            + " does not have");
                }
            }
        });

        // Kafka: the bootstrap Service Strimzi creates for a Kafka of the manifests, on a listener port.
        properties.envBehind("kafka.bootstrap.servers").ifPresent(reference -> {
            String value = PodEnvironment.value(env.get(reference.name()));
            boolean matches = value != null && rendered.all(Kafka.class).stream().anyMatch(kafka ->
                    kafka.getSpec().getKafka().getListeners().stream().map(GenericKafkaListener::getPort)
                            .anyMatch(port -> value.equals(kafka.getMetadata().getName() + "-kafka-bootstrap:" + port)));
            if (!matches) {
                problems.add(service + ": " + reference.name() + "=" + value
                        + " is not <kafka>-kafka-bootstrap:<listener port> of a Kafka in the manifests");
            }
        });
        if (properties.usesKafka() != "true".equals(Pods.labels(deployment).get("resellhub.io/kafka-client"))) {
            problems.add(service + ": label resellhub.io/kafka-client=true (Kafka listener access) must be on exactly"
                    + " the services that use Kafka; uses Kafka: " + properties.usesKafka());
        }

        // The database: the service's own CloudNativePG cluster, through the Secret the operator generates.
        if (properties.ownsDatasource()) {
            String database = properties.databaseName().orElse(null);
            CloudNativePg.Cluster cluster = rendered.databases().stream()
                    .filter(c -> Objects.equals(c.database(), database)).findFirst().orElse(null);
            if (cluster == null) {
                problems.add(service + ": no CloudNativePG Cluster bootstraps its database " + database);
            } else {
                expectDatabaseUrl(service, properties, env, cluster, problems);
                expectSecret(service, properties, env, "quarkus.datasource.username", cluster.appSecret(), "username", problems);
                expectSecret(service, properties, env, "quarkus.datasource.password", cluster.appSecret(), "password", problems);
            }
            if (!"true".equals(properties.effective.get("quarkus.flyway.migrate-at-start"))) {
                problems.add(service + ": owns a database but Flyway does not migrate at start; the manifests rely on it");
            }
        } else {
            env.forEach((name, source) -> {
                if (name.startsWith("DB_") || (source instanceof PodEnvironment.FromSecret secret
                        && secret.secret().endsWith(CloudNativePg.APP_SECRET_SUFFIX))) {
                    problems.add(service + ": owns no database but gets " + name);
                }
            });
        }

        // Values that are files (file:/path): the file is mounted from a Secret or ConfigMap key.
        env.forEach((name, source) -> {
            String value = PodEnvironment.value(source);
            if (value != null && value.startsWith("file:")) {
                String path = value.substring("file:".length());
                Volume volume = OverlayManifestsTest.volumeFor(deployment, container, path).orElse(null);
                String file = path.substring(path.lastIndexOf('/') + 1);
                if (volume == null) {
                    problems.add(service + ": " + name + " points at " + path + ", which no volume mounts");
                } else if (volume.getSecret() == null && volume.getConfigMap() == null) {
                    problems.add(service + ": " + name + " must be mounted from a Secret or ConfigMap");
                } else {
                    List<KeyToPath> items = volume.getSecret() != null ? volume.getSecret().getItems()
                            : volume.getConfigMap().getItems();
                    if (!items.isEmpty() && items.stream().noneMatch(i -> file.equals(i.getPath()))) {
                        problems.add(service + ": " + name + " needs file " + file + " in volume " + volume.getName());
                    }
                }
            }
        });
        Problems.assertNone(problems);
    }

    @Test
    void theDatabaseUrlCheckRefusesTheSecretsJdbcUriAndAnotherDatabase() {
        CloudNativePg.Cluster cluster = Rendered.overlay("prod").databases().stream()
                .filter(c -> "module-service-db".equals(c.name())).findFirst().orElseThrow();
        ServiceProperties properties = ServiceProperties.load("module-service");
        Map<String, List<String>> cases = new LinkedHashMap<>();
        for (PodEnvironment.Source url : List.of(
                new PodEnvironment.Literal("jdbc:postgresql://module-service-db-rw:5432/module_service"),
                new PodEnvironment.FromSecret("module-service-db-app", "jdbc-uri", false),
                new PodEnvironment.Literal("jdbc:postgresql://module-service-db-ro:5432/module_service"),
                new PodEnvironment.Literal("jdbc:postgresql://tariff-service-db-rw:5432/module_service"))) {
            List<String> problems = new ArrayList<>();
            expectDatabaseUrl("module-service", properties, Map.of("DB_URL", url), cluster, problems);
            cases.put(url.toString(), problems);
        }
        List<Integer> counts = cases.values().stream().map(List::size).toList();
        assertEquals(List.of(0, 1, 1, 1), counts, cases.toString());
    }

    /**
     * DB_URL names the cluster's primary Service (CloudNativePG's {@code <cluster>-rw}) and the database, and
     * holds no credential: the -app Secret's {@code jdbc-uri} would put the password into the URL (and into
     * every place a URL gets logged), so username and password come as separate Secret keys.
     */
    private static void expectDatabaseUrl(String service, ServiceProperties properties,
            Map<String, PodEnvironment.Source> env, CloudNativePg.Cluster cluster, List<String> problems) {
        ServiceProperties.EnvReference reference = properties.envBehind("quarkus.datasource.jdbc.url").orElse(null);
        if (reference == null) {
            problems.add(service + ": quarkus.datasource.jdbc.url should read an environment variable (${NAME:default})");
            return;
        }
        String expected = "jdbc:postgresql://" + cluster.name() + CloudNativePg.PRIMARY_SERVICE_SUFFIX + ":5432/" + cluster.database();
        String value = PodEnvironment.value(env.get(reference.name()));
        if (value == null || !(value.equals(expected) || value.startsWith(expected + "?"))) {
            problems.add(service + ": " + reference.name() + " must be " + expected + " (the primary Service, no"
                    + " credentials; not the Secret's jdbc-uri, which carries the password), is " + env.get(reference.name()));
        } else if (value.contains("password")) {
            problems.add(service + ": " + reference.name() + " carries a password parameter");
        }
    }

    private static void expectSecret(String service, ServiceProperties properties, Map<String, PodEnvironment.Source> env,
            String key, String secret, String secretKey, List<String> problems) {
        ServiceProperties.EnvReference reference = properties.envBehind(key).orElse(null);
        if (reference == null) {
            problems.add(service + ": " + key + " should read an environment variable (${NAME:default})");
            return;
        }
        PodEnvironment.Source source = env.get(reference.name());
        if (!(source instanceof PodEnvironment.FromSecret fromSecret) || !secret.equals(fromSecret.secret())
                || !secretKey.equals(fromSecret.key())) {
            problems.add(service + ": " + reference.name() + " (" + key + ") must come from Secret " + secret + " key "
                    + secretKey + " (generated by CloudNativePG), is " + source);
        }
    }
}
