package io.resellhub.launcher;

import java.util.HashSet;
import java.util.Set;

import io.resellhub.localinfra.Ports;

/**
 * Every port the local stack listens on (all on 127.0.0.1, the gateway on every address): the services' API
 * ports and, apart from them, their management ports (health and metrics, Quarkus' management interface).
 */
public record StackPorts(
        int postgres,
        int kafka,
        int kafkaController,
        int simulator,
        int gateway,
        int moduleService,
        int tariffService,
        int resellingService,
        int gatewayManagement,
        int moduleServiceManagement,
        int tariffServiceManagement,
        int resellingServiceManagement) {

    public StackPorts {
        for (int port : new int[] {postgres, kafka, kafkaController, simulator, gateway, moduleService, tariffService,
                resellingService, gatewayManagement, moduleServiceManagement, tariffServiceManagement,
                resellingServiceManagement}) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("Not a TCP port: " + port);
            }
        }
    }

    /**
     * The documented defaults: 15432, 19092, 19093, 8090, 8080, 8081, 8082, 8083, and the management ports 9000,
     * 9001, 9002, 9003.
     */
    public static StackPorts defaults() {
        return new StackPorts(15432, 19092, 19093, 8090, 8080, 8081, 8082, 8083, 9000, 9001, 9002, 9003);
    }

    /** Free ports picked by the OS, for tests that run the stack next to something else. */
    public static StackPorts free() {
        Set<Integer> taken = new HashSet<>();
        int[] ports = new int[12];
        for (int i = 0; i < ports.length; i++) {
            int port = Ports.freePort();
            while (!taken.add(port)) {
                port = Ports.freePort();
            }
            ports[i] = port;
        }
        return new StackPorts(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5], ports[6], ports[7],
                ports[8], ports[9], ports[10], ports[11]);
    }

    /** The HTTP (API) port of {@code service}. */
    public int of(Service service) {
        return switch (service) {
            case MODULE_SERVICE -> moduleService;
            case TARIFF_SERVICE -> tariffService;
            case RESELLING_SERVICE -> resellingService;
            case GATEWAY -> gateway;
        };
    }

    /** The management port of {@code service}: {@code /q/health} and {@code /q/metrics}, not on the API port. */
    public int managementOf(Service service) {
        return switch (service) {
            case MODULE_SERVICE -> moduleServiceManagement;
            case TARIFF_SERVICE -> tariffServiceManagement;
            case RESELLING_SERVICE -> resellingServiceManagement;
            case GATEWAY -> gatewayManagement;
        };
    }
}
