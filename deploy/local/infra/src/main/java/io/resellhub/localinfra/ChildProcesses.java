package io.resellhub.localinfra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting and stopping the child processes of the local stack. */
public final class ChildProcesses {

    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private ChildProcesses() {
    }

    /**
     * The command prefix that starts a child in its own session ({@code setsid}, where there is one), so
     * that Ctrl-C in a terminal reaches only the launcher, which then stops the children in order. Empty
     * where {@code setsid} is missing: the child then gets Ctrl-C too, and simply stops at once.
     */
    public static List<String> ownSession() {
        for (Path setsid : SETSID) {
            if (Files.isExecutable(setsid)) {
                return List.of(setsid.toString());
            }
        }
        return List.of();
    }

    /** The {@code java} executable of the running JVM, used for every child JVM. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Stops {@code process}: SIGTERM, then SIGKILL if it has not exited within {@code timeout}.
     *
     * @return the exit code, or -1 if it had to be killed and did not report one
     */
    public static int stop(Process process, Duration timeout) {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            process.destroyForcibly();
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return -1;
    }
}
