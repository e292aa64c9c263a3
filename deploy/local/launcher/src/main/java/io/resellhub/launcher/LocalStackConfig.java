package io.resellhub.launcher;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the local stack can be told: where it runs, its ports, the services and how many replicas of each
 * backend service, heaps, the simulator's catalog and timeouts. {@link #fromEnvironment} reads the {@link Setting}s; {@link #defaults} and the {@code with...}
 * methods are for programmatic use (an integration test uses free ports and a temp state directory, and may
 * give the services extra variables with {@link #withServiceEnvironment}).
 */
public record LocalStackConfig(
        Path root,
        Path localDir,
        StackPorts ports,
        List<Service> services,
        Map<Service, Integer> replicas,
        String serviceXmx,
        List<String> serviceJvmOptions,
        String kafkaXmx,
        String simulatorXmx,
        Optional<Path> simulatorJar,
        SimulatorSettings simulator,
        Duration readyTimeout,
        Duration stopTimeout,
        String jwtIssuer,
        Duration tokenTtl,
        String credentialsKeyId,
        Map<String, String> serviceEnvironment) {

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

    /** At most this many JVMs of one backend service ({@link #replicasSetting}). */
    public static final int MAX_REPLICAS = 4;

    public LocalStackConfig {
        root = root.toAbsolutePath().normalize();
        localDir = localDir.toAbsolutePath().normalize();
        Objects.requireNonNull(ports, "ports");
        services = List.copyOf(services);
        replicas = requireReplicas(replicas, ports);
        requireHeap(serviceXmx, Setting.LOCAL_SERVICE_XMX);
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
        requireHeap(kafkaXmx, Setting.LOCAL_KAFKA_XMX);
        requireHeap(simulatorXmx, Setting.LOCAL_SIMULATOR_XMX);
        Objects.requireNonNull(simulatorJar, "simulatorJar");
        Objects.requireNonNull(simulator, "simulator");
        requirePositive(readyTimeout, Setting.LOCAL_READY_TIMEOUT);
        requirePositive(stopTimeout, Setting.LOCAL_STOP_TIMEOUT);
        Objects.requireNonNull(jwtIssuer, "jwtIssuer");
        requirePositive(tokenTtl, Setting.LOCAL_TOKEN_TTL_HOURS);
        Objects.requireNonNull(credentialsKeyId, "credentialsKeyId");
        serviceEnvironment = requireServiceEnvironment(serviceEnvironment);
    }

    /** The documented defaults, with state in {@code <root>/.local}. */
    public static LocalStackConfig defaults(Path root) {
        return fromEnvironment(Map.of(), root);
    }

    /** The {@link Setting}s found in {@code env}, defaults for the others. Blank values count as unset. */
    public static LocalStackConfig fromEnvironment(Map<String, String> env, Path root) {
        Settings settings = new Settings(env);
        StackPorts ports = new StackPorts(
                settings.port(Setting.LOCAL_PG_PORT),
                settings.port(Setting.LOCAL_KAFKA_PORT),
                settings.port(Setting.LOCAL_KAFKA_CONTROLLER_PORT),
                settings.port(Setting.SIMULATOR_PORT),
                settings.port(Setting.GATEWAY_PORT),
                settings.port(Setting.MODULE_SERVICE_PORT),
                settings.port(Setting.TARIFF_SERVICE_PORT),
                settings.port(Setting.RESELLING_SERVICE_PORT),
                settings.port(Setting.GATEWAY_MANAGEMENT_PORT),
                settings.port(Setting.MODULE_SERVICE_MANAGEMENT_PORT),
                settings.port(Setting.TARIFF_SERVICE_MANAGEMENT_PORT),
                settings.port(Setting.RESELLING_SERVICE_MANAGEMENT_PORT));
        SimulatorSettings simulator = new SimulatorSettings(
                settings.integer(Setting.SIMULATOR_PLANS),
                settings.longInteger(Setting.SIMULATOR_SEED),
                settings.text(Setting.SIMULATOR_USERNAME),
                settings.text(Setting.SIMULATOR_PASSWORD),
                settings.decimal(Setting.SIMULATOR_BALANCE),
                settings.text(Setting.SIMULATOR_CURRENCY));
        Path localDir = settings.optional(Setting.LOCAL_DIR).map(Path::of).orElse(root.resolve(".local"));
        return new LocalStackConfig(
                root,
                localDir,
                ports,
                settings.services(),
                settings.replicas(),
                settings.text(Setting.LOCAL_SERVICE_XMX),
                List.of(settings.text(Setting.LOCAL_SERVICE_JVM_OPTIONS).split("\\s+")),
                settings.text(Setting.LOCAL_KAFKA_XMX),
                settings.text(Setting.LOCAL_SIMULATOR_XMX),
                settings.optional(Setting.SIMULATOR_JAR).map(Path::of),
                simulator,
                Duration.ofSeconds(settings.integer(Setting.LOCAL_READY_TIMEOUT)),
                Duration.ofSeconds(settings.integer(Setting.LOCAL_STOP_TIMEOUT)),
                settings.text(Setting.LOCAL_JWT_ISSUER),
                Duration.ofHours(settings.integer(Setting.LOCAL_TOKEN_TTL_HOURS)),
                settings.text(Setting.LOCAL_CREDENTIALS_KEY_ID),
                Map.of());
    }

    public LocalStackConfig withLocalDir(Path localDir) {
        return new LocalStackConfig(root, localDir, ports, services, replicas, serviceXmx,
                serviceJvmOptions, kafkaXmx, simulatorXmx, simulatorJar, simulator, readyTimeout, stopTimeout,
                jwtIssuer, tokenTtl, credentialsKeyId, serviceEnvironment);
    }

    public LocalStackConfig withPorts(StackPorts ports) {
        return new LocalStackConfig(root, localDir, ports, services, replicas, serviceXmx,
                serviceJvmOptions, kafkaXmx, simulatorXmx, simulatorJar, simulator, readyTimeout, stopTimeout,
                jwtIssuer, tokenTtl, credentialsKeyId, serviceEnvironment);
    }

    public LocalStackConfig withServices(List<Service> services) {
        return new LocalStackConfig(root, localDir, ports, services, replicas, serviceXmx,
                serviceJvmOptions, kafkaXmx, simulatorXmx, simulatorJar, simulator, readyTimeout, stopTimeout,
                jwtIssuer, tokenTtl, credentialsKeyId, serviceEnvironment);
    }

    /**
     * Starts {@code count} JVMs of the backend {@code service} (1 to {@value #MAX_REPLICAS}); replica {@code i}
     * listens on the service's port + {@value ServiceInstance#REPLICA_PORT_STEP}{@code * (i - 1)}.
     */
    public LocalStackConfig withReplicas(Service service, int count) {
        Map<Service, Integer> changed = new EnumMap<>(replicas);
        changed.put(service, count);
        return new LocalStackConfig(root, localDir, ports, services, changed, serviceXmx, serviceJvmOptions,
                kafkaXmx, simulatorXmx, simulatorJar, simulator, readyTimeout, stopTimeout, jwtIssuer, tokenTtl,
                credentialsKeyId, serviceEnvironment);
    }

    /** How many JVMs of {@code service} to start: 1 for the gateway, else its {@link #replicasSetting}. */
    public int replicas(Service service) {
        return replicas.getOrDefault(service, 1);
    }

    /** The setting choosing how many JVMs of {@code service} run; none for the gateway. */
    public static Optional<Setting> replicasSetting(Service service) {
        return switch (service) {
            case MODULE_SERVICE -> Optional.of(Setting.LOCAL_MODULE_SERVICE_REPLICAS);
            case TARIFF_SERVICE -> Optional.of(Setting.LOCAL_TARIFF_SERVICE_REPLICAS);
            case RESELLING_SERVICE -> Optional.of(Setting.LOCAL_RESELLING_SERVICE_REPLICAS);
            case GATEWAY -> Optional.empty();
        };
    }

    /**
     * Every service JVM to start, in start order: each service of {@link #services()} {@link #replicas(Service)}
     * times (its replicas right after its first).
     */
    public List<ServiceInstance> serviceInstances() {
        List<ServiceInstance> instances = new ArrayList<>();
        for (Service service : services) {
            for (int replica = 1; replica <= replicas(service); replica++) {
                instances.add(new ServiceInstance(service, replica));
            }
        }
        return instances;
    }

    /**
     * Extra environment variables for every service JVM (each replica, and again after
     * {@link RunningStack#restart}), on top of the ones the launcher wires the stack with, which they may not
     * replace ({@link ServiceEnvironment#WIRED}). Quarkus reads a variable such as
     * {@code MODULE_SERVICE_PROVISIONING_LEASE=10s} as {@code module-service.provisioning.lease}; a service
     * without that setting ignores it. From the command line, export the variable before {@code run.sh}
     * instead: the services inherit the launcher's environment.
     */
    public LocalStackConfig withServiceEnvironment(Map<String, String> serviceEnvironment) {
        return new LocalStackConfig(root, localDir, ports, services, replicas, serviceXmx,
                serviceJvmOptions, kafkaXmx, simulatorXmx, simulatorJar, simulator, readyTimeout, stopTimeout,
                jwtIssuer, tokenTtl, credentialsKeyId, serviceEnvironment);
    }

    public LocalStackConfig withSimulatorJar(Path simulatorJar) {
        return new LocalStackConfig(root, localDir, ports, services, replicas, serviceXmx,
                serviceJvmOptions, kafkaXmx, simulatorXmx, Optional.of(simulatorJar), simulator, readyTimeout,
                stopTimeout, jwtIssuer, tokenTtl, credentialsKeyId, serviceEnvironment);
    }

    public LocalStackConfig withSimulator(SimulatorSettings simulator) {
        return new LocalStackConfig(root, localDir, ports, services, replicas, serviceXmx,
                serviceJvmOptions, kafkaXmx, simulatorXmx, simulatorJar, simulator, readyTimeout, stopTimeout,
                jwtIssuer, tokenTtl, credentialsKeyId, serviceEnvironment);
    }

    public LocalStackConfig withReadyTimeout(Duration readyTimeout) {
        return new LocalStackConfig(root, localDir, ports, services, replicas, serviceXmx,
                serviceJvmOptions, kafkaXmx, simulatorXmx, simulatorJar, simulator, readyTimeout, stopTimeout,
                jwtIssuer, tokenTtl, credentialsKeyId, serviceEnvironment);
    }

    public LocalStackConfig withStopTimeout(Duration stopTimeout) {
        return new LocalStackConfig(root, localDir, ports, services, replicas, serviceXmx,
                serviceJvmOptions, kafkaXmx, simulatorXmx, simulatorJar, simulator, readyTimeout, stopTimeout,
                jwtIssuer, tokenTtl, credentialsKeyId, serviceEnvironment);
    }

    private static Map<Service, Integer> requireReplicas(Map<Service, Integer> replicas, StackPorts ports) {
        Objects.requireNonNull(replicas, "replicas");
        Map<Service, Integer> checked = new EnumMap<>(Service.class);
        replicas.forEach((service, count) -> {
            Setting setting = replicasSetting(service).orElseThrow(() -> new IllegalArgumentException(
                    service + " runs once; only the backend services have replicas"));
            if (count == null || count < 1 || count > MAX_REPLICAS) {
                throw new IllegalArgumentException(setting + " must be between 1 and " + MAX_REPLICAS + " ("
                        + service + " JVMs to start), not " + count);
            }
            ServiceInstance last = new ServiceInstance(service, count);
            if (last.managementPort(ports) > 65_535) {
                throw new IllegalArgumentException(setting + "=" + count + " needs management port "
                        + last.managementPort(ports) + " (" + PortCheck.managementPortSetting(service) + " + "
                        + ServiceInstance.REPLICA_PORT_STEP * (count - 1) + ") for " + last.name()
                        + ", beyond 65535: lower " + PortCheck.managementPortSetting(service)
                        + " or the number of replicas");
            }
            if (last.port(ports) > 65_535) {
                throw new IllegalArgumentException(setting + "=" + count + " needs port " + last.port(ports) + " ("
                        + PortCheck.portSetting(service) + " + " + ServiceInstance.REPLICA_PORT_STEP * (count - 1)
                        + ") for " + last.name() + ", beyond 65535: lower " + PortCheck.portSetting(service)
                        + " or the number of replicas");
            }
            checked.put(service, count);
        });
        return Collections.unmodifiableMap(checked);
    }

    private static Map<String, String> requireServiceEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "serviceEnvironment");
        for (Map.Entry<String, String> entry : env.entrySet()) {
            String name = entry.getKey();
            if (name == null || name.isBlank() || name.contains("=") || entry.getValue() == null) {
                throw new IllegalArgumentException("Not an environment variable: " + name + "=" + entry.getValue());
            }
            if (ServiceEnvironment.WIRED.contains(name)) {
                throw new IllegalArgumentException(name + " is set by the launcher to wire the stack together;"
                        + " it cannot be given to the services as extra environment");
            }
        }
        return Map.copyOf(env);
    }

    private static void requireHeap(String heap, Setting setting) {
        if (heap == null || !HEAP.matcher(heap).matches()) {
            throw new IllegalArgumentException(setting + " must be a heap size such as 256m, not '" + heap + "'");
        }
    }

    private static void requirePositive(Duration duration, Setting setting) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(setting + " must be positive, not " + duration);
        }
    }

    /** Reads settings from an environment, naming the variable in every error. */
    private static final class Settings {

        private final Map<String, String> env;

        Settings(Map<String, String> env) {
            this.env = env;
        }

        Optional<String> optional(Setting setting) {
            String value = env.get(setting.name());
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        String text(Setting setting) {
            return optional(setting).orElse(setting.defaultValue());
        }

        int integer(Setting setting) {
            String value = text(setting);
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(setting + " must be a whole number, not '" + value + "'");
            }
        }

        long longInteger(Setting setting) {
            String value = text(setting);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(setting + " must be a whole number, not '" + value + "'");
            }
        }

        int port(Setting setting) {
            int port = integer(setting);
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException(setting + " must be a TCP port (1-65535), not " + port);
            }
            return port;
        }

        BigDecimal decimal(Setting setting) {
            String value = text(setting);
            try {
                return new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(setting + " must be a decimal number, not '" + value + "'");
            }
        }

        Map<Service, Integer> replicas() {
            Map<Service, Integer> replicas = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                replicasSetting(service).ifPresent(setting -> replicas.put(service, integer(setting)));
            }
            return replicas;
        }

        List<Service> services() {
            String value = text(Setting.LOCAL_SERVICES);
            List<Service> services = new ArrayList<>();
            if (value.equalsIgnoreCase("none")) {
                return services;
            }
            for (String id : value.split(",")) {
                if (!id.isBlank()) {
                    try {
                        Service service = Service.byId(id.trim());
                        if (!services.contains(service)) {
                            services.add(service);
                        }
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(Setting.LOCAL_SERVICES + ": " + e.getMessage());
                    }
                }
            }
            services.sort(null); // start order
            return services;
        }
    }
}
