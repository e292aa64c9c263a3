package io.resellhub.kubernetes;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code kubectl kustomize}, the renderer platform teams use. A missing kubectl fails the build
 * (it never skips): without it nothing here is proven.
 */
final class Kubectl {

    private static final long TIMEOUT_SECONDS = 60;

    private Kubectl() {
    }

    /** kubectl from $KUBECTL, else the PATH, else /usr/bin/kubectl. */
    static Path executable() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (Files.isExecutable(path)) {
                return path;
            }
            throw new AssertionError("KUBECTL=" + configured + " is not an executable file");
        }
        List<Path> candidates = new ArrayList<>();
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            for (String dir : pathVariable.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, "kubectl"));
                    candidates.add(Path.of(dir, "kubectl.exe"));
                }
            }
        }
        candidates.add(Path.of("/usr/bin/kubectl"));
        candidates.add(Path.of("/usr/local/bin/kubectl"));
        return candidates.stream()
                .filter(Files::isRegularFile)
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("kubectl is not installed (looked in $KUBECTL, $PATH, /usr/bin,"
                        + " /usr/local/bin). The manifests are validated by rendering them with `kubectl kustomize`;"
                        + " install kubectl (any version with built-in kustomize, >= 1.27) or point $KUBECTL at it."));
    }

    /** The YAML stream `kubectl kustomize dir` prints; fails with kubectl's message when it fails. */
    static String kustomize(Path dir) {
        Path stderr = null;
        try {
            stderr = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(executable().toString(), "kustomize", dir.toString())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n"
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while rendering " + dir, e);
        } finally {
            if (stderr != null) {
                try {
                    Files.deleteIfExists(stderr);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private static File nullFile() {
        return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
    }
}
