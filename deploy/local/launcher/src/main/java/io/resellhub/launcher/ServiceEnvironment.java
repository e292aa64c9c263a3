package io.resellhub.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.resellhub.localinfra.JwtTokens;

/** The environment variables each service is started with. */
final class ServiceEnvironment {

    /** What the services need to know about the rest of the stack. */
    record Inputs(
            StackPorts ports,
            Map<Service, Integer> replicas,
            String kafkaBootstrapServers,
            String databaseUsername,
            String databasePassword,
            String credentialsKey,
            String credentialsKeyId,
            Path jwtPublicKey,
            String jwtIssuer,
            Map<Service, String> serviceTokens,
            Map<String, String> extra) {
    }

    /**
     * The variables the launcher sets to wire the stack together; {@link LocalStackConfig#serviceEnvironment()}
     * adds others but may not replace these.
     */
    static final Set<String> WIRED = Set.of("HTTP_PORT", "MANAGEMENT_PORT", "MANAGEMENT_HOST",
            "KAFKA_BOOTSTRAP_SERVERS", "DB_URL", "DB_USERNAME", "DB_PASSWORD", "CREDENTIALS_KEY", "CREDENTIALS_KEY_ID",
            "MODULE_SERVICE_URL", "TARIFF_SERVICE_URL", "RESELLING_SERVICE_URL", "JWT_PUBLIC_KEY_LOCATION",
            "JWT_ISSUER", "JWT_AUDIENCE", "HTTP_HOST", "SERVICE_TOKEN");

    private ServiceEnvironment() {
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** The base URLs of every replica of {@code service}, comma-separated, the first one first. */
    static String urls(Service service, Inputs inputs) {
        List<String> urls = new ArrayList<>();
        for (int replica = 1; replica <= inputs.replicas().getOrDefault(service, 1); replica++) {
            urls.add(url(new ServiceInstance(service, replica).port(inputs.ports())));
        }
        return String.join(",", urls);
    }

    /** The variables of {@code service} (its first replica), in a stable order. */
    static Map<String, String> of(Service service, Inputs inputs) {
        return of(ServiceInstance.first(service), inputs);
    }

    /**
     * The variables of one JVM of a service, in a stable order: the wiring, then the {@link Inputs#extra()}
     * ones (sorted by name). Replicas differ in their {@code HTTP_PORT} and {@code MANAGEMENT_PORT} only: the
     * same database, Kafka (so the same consumer groups), keys and extra variables.
     */
    static Map<String, String> of(ServiceInstance instance, Inputs inputs) {
        Service service = instance.service();
        StackPorts ports = inputs.ports();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HTTP_PORT", Integer.toString(instance.port(ports)));
        env.put("MANAGEMENT_PORT", Integer.toString(instance.managementPort(ports)));
        // Health and metrics are for this machine only, the gateway's too.
        env.put("MANAGEMENT_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", inputs.kafkaBootstrapServers());
        service.database().ifPresent(database -> {
            env.put("DB_URL", "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/" + database);
            env.put("DB_USERNAME", inputs.databaseUsername());
            env.put("DB_PASSWORD", inputs.databasePassword());
        });
        env.put("JWT_PUBLIC_KEY_LOCATION", inputs.jwtPublicKey().toAbsolutePath().toString());
        env.put("JWT_ISSUER", inputs.jwtIssuer());
        // The launcher's tokens name this audience (JwtTokens), so the services refuse tokens meant for another API.
        env.put("JWT_AUDIENCE", JwtTokens.DEFAULT_AUDIENCE);
        if (service != Service.GATEWAY) {
            // Only the gateway is for the outside; the services behind it check tokens too and listen on loopback.
            env.put("HTTP_HOST", "127.0.0.1");
        }
        if (inputs.serviceTokens().containsKey(service)) {
            env.put("SERVICE_TOKEN", inputs.serviceTokens().get(service));
        }
        switch (service) {
            case MODULE_SERVICE -> {
                env.put("CREDENTIALS_KEY", inputs.credentialsKey());
                env.put("CREDENTIALS_KEY_ID", inputs.credentialsKeyId());
            }
            // Their REST clients take one address: the first replica.
            case TARIFF_SERVICE -> env.put("MODULE_SERVICE_URL", url(ports.moduleService()));
            case RESELLING_SERVICE -> env.put("TARIFF_SERVICE_URL", url(ports.tariffService()));
            case GATEWAY -> {
                // Every replica, comma-separated: the gateway calls them in turn.
                env.put("MODULE_SERVICE_URL", urls(Service.MODULE_SERVICE, inputs));
                env.put("TARIFF_SERVICE_URL", urls(Service.TARIFF_SERVICE, inputs));
                env.put("RESELLING_SERVICE_URL", urls(Service.RESELLING_SERVICE, inputs));
            }
        }
        new TreeMap<>(inputs.extra()).forEach((name, value) -> {
            if (env.containsKey(name)) {
                throw new IllegalArgumentException(name + " is set by the launcher; it cannot be replaced");
            }
            env.put(name, value);
        });
        return env;
    }
}
