package io.resellhub.launcher;

import java.util.HashSet;
import java.util.Set;

import io.resellhub.localinfra.Ports;

/** Every port the local stack listens on (all on 127.0.0.1, the services on every address). */
public record StackPorts(
        int postgres,
        int kafka,
        int kafkaController,
        int simulator,
        int gateway,
        int moduleService,
        int tariffService,
        int resellingService) {

    public StackPorts {
        for (int port : new int[] {postgres, kafka, kafkaController, simulator, gateway, moduleService, tariffService,
                resellingService}) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("Not a TCP port: " + port);
            }
        }
    }

    /** The documented defaults: 15432, 19092, 19093, 8090, 8080, 8081, 8082, 8083. */
    public static StackPorts defaults() {
        return new StackPorts(15432, 19092, 19093, 8090, 8080, 8081, 8082, 8083);
    }

    /** Free ports picked by the OS, for tests that run the stack next to something else. */
    public static StackPorts free() {
        Set<Integer> taken = new HashSet<>();
        int[] ports = new int[8];
        for (int i = 0; i < ports.length; i++) {
            int port = Ports.freePort();
            while (!taken.add(port)) {
                port = Ports.freePort();
            }
            ports[i] = port;
        }
        return new StackPorts(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5], ports[6], ports[7]);
    }

    /** The HTTP port of {@code service}. */
    public int of(Service service) {
        return switch (service) {
            case MODULE_SERVICE -> moduleService;
            case TARIFF_SERVICE -> tariffService;
            case RESELLING_SERVICE -> resellingService;
            case GATEWAY -> gateway;
        };
    }
}
