package io.resellhub.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where things are: this module's manifests and the services' sources next to it. */
final class Project {

    /** The four services, as named by their Deployment, Service, image and Maven module. */
    static final List<String> SERVICES = List.of("gateway", "module-service", "tariff-service", "reselling-service");

    /** The only service that owns no database and the only one reachable from outside. */
    static final String GATEWAY = "gateway";

    /** The only caller of upstream BILLmanager installations (architecture.md), whose URLs are data. */
    static final String UPSTREAM_CALLER = "module-service";

    private Project() {
    }

    /** deploy/kubernetes (surefire passes it; falls back to the working directory). */
    static Path manifestsDir() {
        return Path.of(System.getProperty("resellhub.manifests.dir", ".")).toAbsolutePath().normalize();
    }

    /** The repository root, holding the services' modules. */
    static Path rootDir() {
        String configured = System.getProperty("resellhub.root.dir");
        return (configured != null ? Path.of(configured) : manifestsDir().resolve("../..")).toAbsolutePath().normalize();
    }

    static Path applicationProperties(String service) {
        return rootDir().resolve(service).resolve("src/main/resources/application.properties");
    }

    /** Config sources every service shares through the commons jar, when there are any. */
    static List<Path> sharedConfigSources() {
        return Stream.of(rootDir().resolve("commons/src/main/resources/META-INF/microprofile-config.properties"))
                .filter(Files::isRegularFile)
                .toList();
    }

    /** Every overlay directory (overlays/*); the tests run for each of them. */
    static List<String> overlays() {
        Path dir = manifestsDir().resolve("overlays");
        try (Stream<Path> children = Files.list(dir)) {
            List<String> names = children.filter(p -> Files.isRegularFile(p.resolve("kustomization.yaml")))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
            if (names.isEmpty()) {
                throw new AssertionError("No overlay with a kustomization.yaml under " + dir);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Kustomize components (components/*). */
    static List<String> components() {
        Path dir = manifestsDir().resolve("components");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isRegularFile(p.resolve("kustomization.yaml")))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
