package io.resellhub.launcher;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** The four Quarkus services, in start order. */
public enum Service {

    MODULE_SERVICE("module-service", "module_service"),
    TARIFF_SERVICE("tariff-service", "tariff_service"),
    RESELLING_SERVICE("reselling-service", "reselling_service"),
    GATEWAY("gateway", null);

    private final String id;
    private final String database;

    Service(String id, String database) {
        this.id = id;
        this.database = database;
    }

    /** The module directory and the name used in logs and messages, e.g. {@code module-service}. */
    public String id() {
        return id;
    }

    /** The service's own PostgreSQL database; the gateway owns no data. */
    public Optional<String> database() {
        return Optional.ofNullable(database);
    }

    /** {@code <root>/<id>/target/quarkus-app/quarkus-run.jar}. */
    public Path runJar(Path root) {
        return root.resolve(id).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public static Service byId(String id) {
        return Arrays.stream(values())
                .filter(service -> service.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown service '" + id + "'; known: "
                        + String.join(", ", Arrays.stream(values()).map(Service::id).toList())));
    }

    @Override
    public String toString() {
        return id;
    }
}
