package io.resellhub.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LocalStackConfigTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaults() {
        LocalStackConfig config = LocalStackConfig.defaults(ROOT);

        assertEquals(Path.of("/repo/.local"), config.localDir());
        assertEquals(StackPorts.defaults(), config.ports());
        assertEquals(List.of(Service.MODULE_SERVICE, Service.TARIFF_SERVICE, Service.RESELLING_SERVICE, Service.GATEWAY),
                config.services());
        for (Service service : Service.values()) {
            assertEquals(1, config.replicas(service), service.id());
        }
        assertEquals("256m", config.serviceXmx());
        assertEquals(List.of("-XX:TieredStopAtLevel=1"), config.serviceJvmOptions());
        assertEquals("512m", config.kafkaXmx());
        assertEquals(Optional.empty(), config.simulatorJar());
        assertEquals(new SimulatorSettings(200, 42, "demo", "demo-password", new BigDecimal("1000.00"), "USD"),
                config.simulator());
        assertEquals(Duration.ofSeconds(180), config.readyTimeout());
        assertEquals("resellhub", config.jwtIssuer());
        assertEquals("local-1", config.credentialsKeyId());
    }

    @Test
    void environmentOverridesDefaults() {
        LocalStackConfig config = LocalStackConfig.fromEnvironment(Map.of(
                "LOCAL_PG_PORT", "25432",
                "GATEWAY_PORT", "9080",
                "GATEWAY_MANAGEMENT_PORT", "9090",
                "LOCAL_SERVICE_XMX", "384m",
                "LOCAL_SERVICE_JVM_OPTIONS", " -XX:TieredStopAtLevel=4  -XX:+UseSerialGC ",
                "LOCAL_SERVICES", "gateway, module-service",
                "SIMULATOR_PLANS", "20",
                "LOCAL_DIR", "/tmp/state",
                "LOCAL_READY_TIMEOUT", "60",
                "SIMULATOR_PASSWORD", " "), ROOT);

        assertEquals(25432, config.ports().postgres());
        assertEquals(9080, config.ports().gateway());
        assertEquals(8081, config.ports().moduleService());
        assertEquals(9090, config.ports().gatewayManagement());
        assertEquals(9001, config.ports().moduleServiceManagement());
        assertEquals("384m", config.serviceXmx());
        assertEquals(List.of("-XX:TieredStopAtLevel=4", "-XX:+UseSerialGC"), config.serviceJvmOptions());
        assertEquals(List.of(Service.MODULE_SERVICE, Service.GATEWAY), config.services(), "in start order");
        assertEquals(20, config.simulator().plans());
        assertEquals("demo-password", config.simulator().password(), "blank counts as unset");
        assertEquals(Path.of("/tmp/state"), config.localDir());
        assertEquals(Duration.ofSeconds(60), config.readyTimeout());
        assertEquals(List.of(), LocalStackConfig.fromEnvironment(Map.of("LOCAL_SERVICES", "none"), ROOT).services());
    }

    @Test
    void badValuesNameTheirVariable() {
        assertEquals("LOCAL_KAFKA_PORT must be a TCP port (1-65535), not 70000", assertThrows(IllegalArgumentException.class,
                () -> LocalStackConfig.fromEnvironment(Map.of("LOCAL_KAFKA_PORT", "70000"), ROOT)).getMessage());
        assertEquals("GATEWAY_PORT must be a whole number, not 'http'", assertThrows(IllegalArgumentException.class,
                () -> LocalStackConfig.fromEnvironment(Map.of("GATEWAY_PORT", "http"), ROOT)).getMessage());
        assertEquals("LOCAL_SERVICE_XMX must be a heap size such as 256m, not '1 GB'",
                assertThrows(IllegalArgumentException.class,
                        () -> LocalStackConfig.fromEnvironment(Map.of("LOCAL_SERVICE_XMX", "1 GB"), ROOT)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalStackConfig.fromEnvironment(Map.of("LOCAL_SERVICES", "gateway,billing"), ROOT))
                .getMessage().startsWith("LOCAL_SERVICES: Unknown service 'billing'"));
    }

    @Test
    void replicasGetTheirOwnPortsRightAfterTheFirst() {
        LocalStackConfig config = LocalStackConfig.fromEnvironment(Map.of("LOCAL_MODULE_SERVICE_REPLICAS", " 3 ",
                "LOCAL_TARIFF_SERVICE_REPLICAS", "2", "LOCAL_RESELLING_SERVICE_REPLICAS", "2"), ROOT);

        assertEquals(3, config.replicas(Service.MODULE_SERVICE));
        assertEquals(2, config.replicas(Service.TARIFF_SERVICE));
        assertEquals(1, config.replicas(Service.GATEWAY));
        assertEquals(List.of("module-service", "module-service-2", "module-service-3", "tariff-service",
                "tariff-service-2", "reselling-service", "reselling-service-2", "gateway"),
                config.serviceInstances().stream().map(ServiceInstance::name).toList());
        assertEquals(List.of(8081, 8181, 8281, 8082, 8182, 8083, 8183, 8080),
                config.serviceInstances().stream().map(instance -> instance.port(config.ports())).toList());
        assertEquals(List.of(9001, 9101, 9201, 9002, 9102, 9003, 9103, 9000),
                config.serviceInstances().stream().map(instance -> instance.managementPort(config.ports())).toList());
        LocalStackConfig two = LocalStackConfig.defaults(ROOT).withReplicas(Service.RESELLING_SERVICE, 2);
        assertEquals(2, two.replicas(Service.RESELLING_SERVICE));
        assertEquals(1, two.replicas(Service.MODULE_SERVICE));
        assertEquals(List.of("gateway"), config.withServices(List.of(Service.GATEWAY)).serviceInstances().stream()
                .map(ServiceInstance::name).toList(), "no replicas of a service that does not run");
        assertEquals(3, config.withPorts(StackPorts.defaults()).replicas(Service.MODULE_SERVICE), "kept by with...");
    }

    @Test
    void replicasAreOneToFourAndOnlyForBackendServices() {
        for (String bad : List.of("0", "5", "-1")) {
            assertEquals("LOCAL_MODULE_SERVICE_REPLICAS must be between 1 and 4 (module-service JVMs to start), not "
                    + bad, assertThrows(IllegalArgumentException.class, () -> LocalStackConfig.fromEnvironment(
                            Map.of("LOCAL_MODULE_SERVICE_REPLICAS", bad), ROOT)).getMessage());
        }
        assertEquals("LOCAL_MODULE_SERVICE_REPLICAS must be a whole number, not 'two'",
                assertThrows(IllegalArgumentException.class, () -> LocalStackConfig.fromEnvironment(
                        Map.of("LOCAL_MODULE_SERVICE_REPLICAS", "two"), ROOT)).getMessage());
        assertEquals("LOCAL_TARIFF_SERVICE_REPLICAS must be between 1 and 4 (tariff-service JVMs to start), not 5",
                assertThrows(IllegalArgumentException.class, () -> LocalStackConfig.defaults(ROOT)
                        .withReplicas(Service.TARIFF_SERVICE, 5)).getMessage());
        assertEquals("gateway runs once; only the backend services have replicas", assertThrows(
                IllegalArgumentException.class, () -> LocalStackConfig.defaults(ROOT).withReplicas(Service.GATEWAY, 2))
                .getMessage());
        assertEquals("LOCAL_MODULE_SERVICE_REPLICAS=2 needs port 65600 (MODULE_SERVICE_PORT + 100) for"
                + " module-service-2, beyond 65535: lower MODULE_SERVICE_PORT or the number of replicas",
                assertThrows(IllegalArgumentException.class, () -> LocalStackConfig.fromEnvironment(Map.of(
                        "LOCAL_MODULE_SERVICE_REPLICAS", "2", "MODULE_SERVICE_PORT", "65500"), ROOT)).getMessage());
        assertEquals("LOCAL_TARIFF_SERVICE_REPLICAS=3 needs management port 65700 (TARIFF_SERVICE_MANAGEMENT_PORT +"
                + " 200) for tariff-service-3, beyond 65535: lower TARIFF_SERVICE_MANAGEMENT_PORT or the number of"
                + " replicas", assertThrows(IllegalArgumentException.class, () -> LocalStackConfig.fromEnvironment(
                        Map.of("LOCAL_TARIFF_SERVICE_REPLICAS", "3", "TARIFF_SERVICE_MANAGEMENT_PORT", "65500"), ROOT))
                .getMessage());
    }

    @Test
    void extraServiceEnvironmentIsKeptByWithAndMayNotReplaceTheWiring() {
        LocalStackConfig config = LocalStackConfig.defaults(ROOT)
                .withServiceEnvironment(Map.of("MODULE_SERVICE_PROVISIONING_LEASE", "10s"));

        assertEquals(Map.of(), LocalStackConfig.defaults(ROOT).serviceEnvironment());
        assertEquals(Map.of("MODULE_SERVICE_PROVISIONING_LEASE", "10s"), config.serviceEnvironment());
        assertEquals(config.serviceEnvironment(), config.withPorts(StackPorts.free()).withReplicas(Service.MODULE_SERVICE, 2)
                .withLocalDir(Path.of("/tmp/x")).serviceEnvironment(), "kept by with...");
        assertEquals("HTTP_PORT is set by the launcher to wire the stack together; it cannot be given to the"
                + " services as extra environment", assertThrows(IllegalArgumentException.class,
                        () -> config.withServiceEnvironment(Map.of("HTTP_PORT", "1"))).getMessage());
        assertEquals("Not an environment variable:  =x", assertThrows(IllegalArgumentException.class,
                () -> config.withServiceEnvironment(Map.of(" ", "x"))).getMessage());
    }

    @Test
    void simulatorArguments() {
        assertEquals(List.of("--port", "8090", "--plans", "200", "--seed", "42", "--username", "demo", "--password",
                "demo-password", "--balance", "1000.00", "--currency", "USD"),
                SimulatorSettings.defaults().arguments(8090));
    }

    @Test
    void helpListsEverySettingWithItsDefault() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        LocalStack.printHelp(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String help = buffer.toString(StandardCharsets.UTF_8);

        for (Setting setting : Setting.values()) {
            assertTrue(help.contains("  " + setting.name() + " "), setting.name());
        }
        assertTrue(help.contains("LOCAL_SERVICE_XMX                  Heap (-Xmx) of each service JVM [256m]"), help);
        assertTrue(help.contains("LOCAL_MODULE_SERVICE_REPLICAS      module-service JVMs to start (1-4)"), help);
        assertTrue(help.contains("LOCAL_RESELLING_SERVICE_REPLICAS   reselling-service JVMs to start (1-4)"), help);
        assertTrue(help.contains("MODULE_SERVICE_MANAGEMENT_PORT     module-service management port (/q/health,"
                + " /q/metrics) [9001]"), help);
        assertTrue(help.contains("--rebuild"), help);
    }

    @Test
    void freePortsAreDistinct() {
        StackPorts ports = StackPorts.free();

        assertEquals(12, java.util.stream.IntStream.of(ports.postgres(), ports.kafka(), ports.kafkaController(),
                ports.simulator(), ports.gateway(), ports.moduleService(), ports.tariffService(),
                ports.resellingService(), ports.gatewayManagement(), ports.moduleServiceManagement(),
                ports.tariffServiceManagement(), ports.resellingServiceManagement()).distinct().count());
    }
}
