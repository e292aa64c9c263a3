package io.resellhub.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

    private static final ServiceEnvironment.Inputs INPUTS = new ServiceEnvironment.Inputs(StackPorts.defaults(),
            Map.of(), "127.0.0.1:19092", "postgres", "postgres", "a2V5", "local-1", Path.of("/repo/.local/jwt/public.pem"),
            "resellhub", Map.of(Service.TARIFF_SERVICE, "tariff-token", Service.RESELLING_SERVICE, "reselling-token"),
            Map.of());

    @Test
    void moduleServiceGetsItsDatabaseKafkaTheCredentialsKeyAndTheJwtSettingsOnLoopback() {
        assertEquals(withDatabase("8081", "module_service",
                Map.entry("CREDENTIALS_KEY", "a2V5"),
                Map.entry("CREDENTIALS_KEY_ID", "local-1")), withoutManagement(Service.MODULE_SERVICE, "9001"));
    }

    /** What every service with a database gets (HTTP port, Kafka, its database, JWT, loopback), and {@code own}. */
    @SafeVarargs
    private static Map<String, String> withDatabase(String httpPort, String database, Map.Entry<String, String>... own) {
        Map<String, String> expected = new java.util.HashMap<>(Map.of(
                "HTTP_PORT", httpPort,
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092",
                "DB_URL", "jdbc:postgresql://127.0.0.1:15432/" + database,
                "DB_USERNAME", "postgres",
                "DB_PASSWORD", "postgres",
                "JWT_PUBLIC_KEY_LOCATION", "/repo/.local/jwt/public.pem",
                "JWT_ISSUER", "resellhub",
                "JWT_AUDIENCE", "resellhub",
                "HTTP_HOST", "127.0.0.1"));
        expected.putAll(Map.ofEntries(own));
        return expected;
    }

    /** {@link #INPUTS} with other replica counts and extra variables. */
    private static ServiceEnvironment.Inputs inputs(Map<Service, Integer> replicas, Map<String, String> extra) {
        return new ServiceEnvironment.Inputs(INPUTS.ports(), replicas, INPUTS.kafkaBootstrapServers(),
                INPUTS.databaseUsername(), INPUTS.databasePassword(), INPUTS.credentialsKey(), INPUTS.credentialsKeyId(),
                INPUTS.jwtPublicKey(), INPUTS.jwtIssuer(), INPUTS.serviceTokens(), extra);
    }

    /** The variables of {@code service} less the management ones, which must be its management port on loopback. */
    private static Map<String, String> withoutManagement(Service service, String managementPort) {
        Map<String, String> env = new java.util.HashMap<>(ServiceEnvironment.of(service, INPUTS));
        assertEquals(managementPort, env.remove("MANAGEMENT_PORT"), service.id());
        assertEquals("127.0.0.1", env.remove("MANAGEMENT_HOST"), service.id());
        return env;
    }

    @Test
    void aModuleServiceReplicaDiffersInItsPortsOnly() {
        Map<String, String> first = new java.util.HashMap<>(ServiceEnvironment.of(Service.MODULE_SERVICE, INPUTS));
        Map<String, String> second = new java.util.HashMap<>(
                ServiceEnvironment.of(new ServiceInstance(Service.MODULE_SERVICE, 2), INPUTS));

        assertEquals("8181", second.remove("HTTP_PORT"));
        assertEquals("9101", second.remove("MANAGEMENT_PORT"));
        first.remove("HTTP_PORT");
        first.remove("MANAGEMENT_PORT");
        assertEquals(first, second);
    }

    @Test
    void extraVariablesComeAfterTheWiringOnEveryJvm() {
        ServiceEnvironment.Inputs inputs = inputs(INPUTS.replicas(),
                Map.of("MODULE_SERVICE_PROVISIONING_LEASE", "10s", "LOG_LEVEL", "DEBUG"));

        Map<String, String> module = ServiceEnvironment.of(new ServiceInstance(Service.MODULE_SERVICE, 2), inputs);
        Map<String, String> expected = new java.util.LinkedHashMap<>(
                ServiceEnvironment.of(new ServiceInstance(Service.MODULE_SERVICE, 2), INPUTS));
        expected.put("LOG_LEVEL", "DEBUG");
        expected.put("MODULE_SERVICE_PROVISIONING_LEASE", "10s");
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(module.entrySet()), "wiring first, extras sorted");
        for (Service service : Service.values()) {
            assertEquals("10s", ServiceEnvironment.of(service, inputs).get("MODULE_SERVICE_PROVISIONING_LEASE"),
                    service.id());
        }
    }

    @Test
    void wiredNamesAreTheOnesTheLauncherSets() {
        Set<String> set = new HashSet<>();
        for (Service service : Service.values()) {
            set.addAll(ServiceEnvironment.of(service, INPUTS).keySet());
        }
        assertEquals(ServiceEnvironment.WIRED, set);

        ServiceEnvironment.Inputs replacing = inputs(INPUTS.replicas(), Map.of("DB_URL", "jdbc:postgresql://elsewhere/db"));
        assertEquals("DB_URL is set by the launcher; it cannot be replaced", assertThrows(
                IllegalArgumentException.class, () -> ServiceEnvironment.of(Service.MODULE_SERVICE, replacing))
                .getMessage());
    }

    @Test
    void tariffServiceGetsTheModuleServiceUrlAndItsServiceToken() {
        assertEquals(withDatabase("8082", "tariff_service",
                Map.entry("SERVICE_TOKEN", "tariff-token"),
                Map.entry("MODULE_SERVICE_URL", "http://127.0.0.1:8081")), withoutManagement(Service.TARIFF_SERVICE, "9002"));
    }

    @Test
    void resellingServiceGetsItsDatabaseKafkaTheTariffServiceUrlAndItsServiceToken() {
        assertEquals(withDatabase("8083", "reselling_service",
                Map.entry("SERVICE_TOKEN", "reselling-token"),
                Map.entry("TARIFF_SERVICE_URL", "http://127.0.0.1:8082")), withoutManagement(Service.RESELLING_SERVICE, "9003"));
    }

    @Test
    void theGatewayGetsTheServiceUrlsAndTheJwtSettingsButNoDatabaseNorLoopbackBinding() {
        assertEquals(Map.ofEntries(
                Map.entry("HTTP_PORT", "8080"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"),
                Map.entry("MODULE_SERVICE_URL", "http://127.0.0.1:8081"),
                Map.entry("TARIFF_SERVICE_URL", "http://127.0.0.1:8082"),
                Map.entry("RESELLING_SERVICE_URL", "http://127.0.0.1:8083"),
                Map.entry("JWT_PUBLIC_KEY_LOCATION", "/repo/.local/jwt/public.pem"),
                Map.entry("JWT_ISSUER", "resellhub"),
                Map.entry("JWT_AUDIENCE", "resellhub")), withoutManagement(Service.GATEWAY, "9000"));
    }

    @Test
    void theGatewayGetsEveryReplicaOfEachServiceInTurnAndTariffServiceTheFirstModuleService() {
        ServiceEnvironment.Inputs inputs = inputs(Map.of(Service.MODULE_SERVICE, 2, Service.TARIFF_SERVICE, 3), Map.of());

        Map<String, String> gateway = ServiceEnvironment.of(Service.GATEWAY, inputs);
        assertEquals("http://127.0.0.1:8081,http://127.0.0.1:8181", gateway.get("MODULE_SERVICE_URL"));
        assertEquals("http://127.0.0.1:8082,http://127.0.0.1:8182,http://127.0.0.1:8282",
                gateway.get("TARIFF_SERVICE_URL"));
        assertEquals("http://127.0.0.1:8083", gateway.get("RESELLING_SERVICE_URL"));
        assertEquals("http://127.0.0.1:8081", ServiceEnvironment.of(new ServiceInstance(Service.TARIFF_SERVICE, 3),
                inputs).get("MODULE_SERVICE_URL"));
    }
}
