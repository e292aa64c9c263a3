package io.resellhub.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the BILLmanager simulator to run: its jar (or classes directory) and main class. */
final class SimulatorJar {

    static final String MAIN_CLASS = "io.resellhub.simulator.Main";
    static final Path MODULE_TARGET = Path.of("deploy", "billmanager-simulator", "target");

    private SimulatorJar() {
    }

    /**
     * {@code SIMULATOR_JAR} if set (it must exist), else the simulator on the launcher's own class path (the
     * {@code billmanager-simulator} dependency, copied to {@code target/lib}), else the jar in the simulator
     * module's {@code target}. Empty if there is none.
     */
    static Optional<Path> find(LocalStackConfig config) {
        if (config.simulatorJar().isPresent()) {
            Path jar = config.simulatorJar().get().toAbsolutePath();
            if (!Files.exists(jar)) {
                throw new LocalStackException(Setting.SIMULATOR_JAR + "=" + jar + " does not exist");
            }
            return Optional.of(jar);
        }
        return onClassPath().or(() -> inModuleTarget(config.root()));
    }

    static Optional<Path> onClassPath() {
        String resource = MAIN_CLASS.replace('.', '/') + ".class";
        URL url = SimulatorJar.class.getClassLoader().getResource(resource);
        if (url == null) {
            return Optional.empty();
        }
        try {
            if ("jar".equals(url.getProtocol())) {
                String spec = url.getPath(); // file:/.../x.jar!/io/resellhub/...
                return Optional.of(Path.of(URI.create(spec.substring(0, spec.indexOf("!/")))));
            }
            if ("file".equals(url.getProtocol())) {
                Path classFile = Path.of(url.toURI());
                Path classes = classFile;
                for (int i = 0; i < MAIN_CLASS.split("\\.").length; i++) {
                    classes = classes.getParent();
                }
                return Optional.of(classes);
            }
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static Optional<Path> inModuleTarget(Path root) {
        Path target = root.resolve(MODULE_TARGET);
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files
                    .filter(path -> {
                        String name = path.getFileName().toString();
                        return name.startsWith("billmanager-simulator-") && name.endsWith(".jar")
                                && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar")
                                && !name.endsWith("-tests.jar");
                    })
                    .max(Comparator.comparing(path -> path.toFile().lastModified()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
