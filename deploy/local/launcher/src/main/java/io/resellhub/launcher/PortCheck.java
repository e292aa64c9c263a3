package io.resellhub.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/** Checks, before anything starts, that every port the stack needs is free and wanted only once. */
final class PortCheck {

    /** A port a component wants, and the setting that chooses it. */
    record Claim(String component, int port, Setting setting) {
    }

    private PortCheck() {
    }

    /** The ports of the components that will run. */
    static List<Claim> claims(LocalStackConfig config, boolean withSimulator) {
        StackPorts ports = config.ports();
        List<Claim> claims = new ArrayList<>();
        claims.add(new Claim("PostgreSQL", ports.postgres(), Setting.LOCAL_PG_PORT));
        claims.add(new Claim("Kafka", ports.kafka(), Setting.LOCAL_KAFKA_PORT));
        claims.add(new Claim("Kafka controller", ports.kafkaController(), Setting.LOCAL_KAFKA_CONTROLLER_PORT));
        if (withSimulator) {
            claims.add(new Claim("BILLmanager simulator", ports.simulator(), Setting.SIMULATOR_PORT));
        }
        for (ServiceInstance instance : config.serviceInstances()) {
            claims.add(new Claim(instance.name(), instance.port(ports), portSetting(instance.service())));
            claims.add(new Claim(instance.name() + " management", instance.managementPort(ports),
                    managementPortSetting(instance.service())));
        }
        return claims;
    }

    /**
     * What is wrong with {@code claims}: ports wanted twice, and ports in use according to {@code isFree}.
     * Empty when all is well.
     */
    static Optional<String> problems(List<Claim> claims, IntPredicate isFree) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Claim> byPort = new LinkedHashMap<>();
        for (Claim claim : claims) {
            Claim earlier = byPort.putIfAbsent(claim.port(), claim);
            if (earlier != null) {
                problems.add("Port " + claim.port() + " is configured twice: for " + earlier.component() + " ("
                        + earlier.setting() + ") and for " + claim.component() + " (" + claim.setting() + ").");
            }
        }
        for (Claim claim : byPort.values()) {
            if (!isFree.test(claim.port())) {
                problems.add("Port " + claim.port() + " (needed by " + claim.component() + ") is already in use."
                        + " Stop what listens there (ss -ltnp 'sport = :" + claim.port() + "' shows it; a"
                        + " previous run that is still up?) or choose another port with " + claim.setting() + "=...");
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(System.lineSeparator(), problems));
    }

    static Setting portSetting(Service service) {
        return switch (service) {
            case MODULE_SERVICE -> Setting.MODULE_SERVICE_PORT;
            case TARIFF_SERVICE -> Setting.TARIFF_SERVICE_PORT;
            case RESELLING_SERVICE -> Setting.RESELLING_SERVICE_PORT;
            case GATEWAY -> Setting.GATEWAY_PORT;
        };
    }

    static Setting managementPortSetting(Service service) {
        return switch (service) {
            case MODULE_SERVICE -> Setting.MODULE_SERVICE_MANAGEMENT_PORT;
            case TARIFF_SERVICE -> Setting.TARIFF_SERVICE_MANAGEMENT_PORT;
            case RESELLING_SERVICE -> Setting.RESELLING_SERVICE_MANAGEMENT_PORT;
            case GATEWAY -> Setting.GATEWAY_MANAGEMENT_PORT;
        };
    }
}
