package io.resellhub.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The comparison itself: it must catch what it exists to catch. */
class ConfigurationComparisonTest {

    private static final String PROPERTIES = """
            quarkus.http.port=${HTTP_PORT:8081}
            quarkus.datasource.jdbc.url=${DB_URL:jdbc:postgresql://127.0.0.1:15432/module_service}
            quarkus.datasource.password=${DB_PASSWORD:postgres}
            module-service.credentials.key=${CREDENTIALS_KEY}
            %dev,test.module-service.credentials.key=dGhyb3dhd2F5
            %dev.only-in-dev=${DEV_ONLY}
            %prod.quarkus.log.level=${LOG_LEVEL:INFO}
            nested=${OUTER:${INNER}}
            escaped=\\\\${NOT_A_REFERENCE}
            also-escaped=$${NOT_EITHER}
            mp.messaging.incoming.reselling.topic=reselling
            mp.messaging.incoming.reselling.failure-strategy=dead-letter-queue
            mp.messaging.incoming.reselling.dead-letter-queue.topic=reselling.dlq
            mp.messaging.outgoing.tariffs-out.connector=smallrye-kafka
            mp.messaging.incoming.provisioning-requests.failure-strategy=dead-letter-queue
            """;

    @Test
    void readsReferencesAsTheProdProfileSeesThem() {
        ServiceProperties properties = ServiceProperties.parse("module-service", PROPERTIES);
        Map<String, ServiceProperties.EnvReference> references = properties.envReferences();

        assertEquals(Set.of("HTTP_PORT", "DB_URL", "DB_PASSWORD", "CREDENTIALS_KEY", "LOG_LEVEL", "OUTER", "INNER"),
                references.keySet(), "%dev-only keys do not count, escaped ones are not references");
        assertTrue(references.get("CREDENTIALS_KEY").required());
        assertFalse(references.get("HTTP_PORT").required());
        assertTrue(references.get("DB_URL").localDefault(), "a 127.0.0.1 default must be overridden in a cluster");
        assertFalse(references.get("DB_PASSWORD").localDefault());
        assertFalse(references.get("INNER").required(), "a reference inside a default is only a fallback");
        assertEquals(Optional.of("module_service"), properties.databaseName());
        assertTrue(properties.ownsDatasource());
        assertEquals(Set.of("reselling", "reselling.dlq", "tariffs-out", "provisioning-requests",
                "dead-letter-topic-provisioning-requests"),
                properties.topics());
    }

    @Test
    void aNewRequiredVariableTheManifestsMissFailsTheComparison() {
        ServiceProperties properties = ServiceProperties.parse("module-service", PROPERTIES,
                "module-service.new-secret=${NEW_SECRET_TOKEN}\n");
        Map<String, PodEnvironment.Source> env = Map.of(
                "DB_URL", new PodEnvironment.FromSecret("module-service-db-app", "jdbc-uri", false),
                "CREDENTIALS_KEY", new PodEnvironment.FromSecret("module-service-credentials", "credentials-key", false));

        List<String> problems = ConfigurationComparison.compare(properties, env);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("NEW_SECRET_TOKEN"), problems.toString());
    }

    @Test
    void aLocalhostDefaultLeftUnsetFailsTheComparison() {
        ServiceProperties properties = ServiceProperties.parse("tariff-service",
                "tariff-service.module-service.url=${MODULE_SERVICE_URL:http://127.0.0.1:8081}\n");

        List<String> problems = ConfigurationComparison.compare(properties, Map.of());

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("MODULE_SERVICE_URL"), problems.toString());
    }

    @Test
    void aVariableNobodyReadsAndACredentialFromAConfigMapFailTheComparison() {
        ServiceProperties properties = ServiceProperties.parse("gateway", "x.password=${DB_PASSWORD:postgres}\n");
        Map<String, PodEnvironment.Source> env = Map.of(
                "DB_PASSWORD", new PodEnvironment.FromConfigMap("gateway-config", "DB_PASSWORD", "secret"),
                "TYPO_URL", new PodEnvironment.Literal("http://module-service:8081"),
                "QUARKUS_SHUTDOWN_TIMEOUT", new PodEnvironment.Literal("30s"));

        List<String> problems = ConfigurationComparison.compare(properties, env);

        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("TYPO_URL")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("DB_PASSWORD") && p.contains("Secret")), problems.toString());
    }

    @Test
    void aSecretReadWithAPrefixCoversItsConfigurationGroupAndNothingMayShadowIt() {
        ServiceProperties properties = ServiceProperties.parse("module-service",
                "module-service.credentials.key=${CREDENTIALS_KEY}\nmodule-service.credentials.key-id=${CREDENTIALS_KEY_ID:k1}\n");
        PodEnvironment.Source group = new PodEnvironment.FromSecretWithPrefix("module-service-credentials", "MODULE_SERVICE_CREDENTIALS_");

        assertEquals(List.of(), ConfigurationComparison.compare(properties, Map.of("MODULE_SERVICE_CREDENTIALS_*", group)),
                "CREDENTIALS_KEY needs no variable: the Secret provides module-service.credentials.key");

        List<String> shadowed = ConfigurationComparison.compare(properties, Map.of("MODULE_SERVICE_CREDENTIALS_*", group,
                "CREDENTIALS_KEY_ID", new PodEnvironment.FromConfigMap("module-service-config", "CREDENTIALS_KEY_ID", "k1")));
        assertEquals(1, shadowed.size(), shadowed.toString());
        assertTrue(shadowed.get(0).contains("CREDENTIALS_KEY_ID") && shadowed.get(0).contains("overrides"), shadowed.toString());

        List<String> unread = ConfigurationComparison.compare(properties, Map.of("MODULE_SERVICE_CREDENTIALS_*", group,
                "TARIFF_SERVICE_*", new PodEnvironment.FromSecretWithPrefix("other", "TARIFF_SERVICE_")));
        assertEquals(1, unread.size(), unread.toString());
        assertTrue(unread.get(0).contains("TARIFF_SERVICE_"), unread.toString());
    }
}
