package io.resellhub.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.resellhub.localinfra.ChildProcesses;
import io.resellhub.localinfra.LogFiles;
import io.resellhub.localinfra.ProcessWatchdog;
import io.resellhub.localinfra.Stopwatch;

/**
 * A child JVM of the stack (a service or the simulator): in its own session, output to its log file, and
 * watched by the {@link ProcessWatchdog} so it is stopped even if the launcher is killed.
 */
final class Child {

    static final int LOG_TAIL_LINES = 20;

    private final String name;
    private final List<String> command;
    private final Path workDir;
    private final Map<String, String> env;
    private final Process process;
    private final Path log;
    private final Stopwatch sinceStart;
    private final ProcessWatchdog watchdog;
    private volatile boolean killed;

    private Child(String name, List<String> command, Path workDir, Map<String, String> env, Process process,
            Path log, Stopwatch sinceStart, ProcessWatchdog watchdog) {
        this.name = name;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.env = Map.copyOf(env);
        this.process = process;
        this.log = log;
        this.sinceStart = sinceStart;
        this.watchdog = watchdog;
    }

    /**
     * Starts {@code command} in {@code workDir} with the launcher's environment minus its {@link Setting}s, plus
     * {@code env}; stdout and stderr go to {@code log}.
     */
    static Child start(String name, List<String> command, Path workDir, Map<String, String> env, Path log,
            ProcessWatchdog watchdog) {
        List<String> full = new ArrayList<>(ChildProcesses.ownSession());
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = builder.environment();
        for (Setting setting : Setting.values()) {
            environment.remove(setting.name());
        }
        environment.putAll(env);
        try {
            Files.writeString(log, "# " + Instant.now() + " started by the local stack launcher: "
                    + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = builder.start();
            watchdog.watch(process.pid(), "TERM");
            return new Child(name, command, workDir, env, process, log, Stopwatch.start(), watchdog);
        } catch (IOException e) {
            throw new LocalStackException("Could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts the same command again, in the same directory with the same environment; its output is appended
     * to the same log.
     */
    Child relaunch() {
        return start(name, command, workDir, env, log, watchdog);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** Whether {@link #kill} ended it (rather than a crash or {@link #stop}). */
    boolean killed() {
        return killed;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Duration sinceStart() {
        return sinceStart.elapsed();
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** "{@code name} exited with code N" and the end of its log. */
    String describeExit(String when) {
        return name + " exited with code " + process.exitValue() + " " + when + ". Last lines of "
                + LocalLayout.display(log) + ":" + System.lineSeparator() + LogFiles.tailBlock(log, LOG_TAIL_LINES);
    }

    /**
     * SIGKILL at once, as a crash would end it (no shutdown hooks, nothing flushed), and waits up to
     * {@code timeout} for the exit; a line in its log marks the kill.
     *
     * @return the exit code (137 for a JVM killed by SIGKILL)
     * @throws LocalStackException if it had already exited, or did not exit within {@code timeout}
     */
    int kill(Duration timeout) {
        if (!process.isAlive()) {
            throw new LocalStackException(name + " is not running (it exited with code " + process.exitValue() + ")");
        }
        killed = true;
        process.destroyForcibly();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new LocalStackException(name + " (pid " + process.pid() + ") did not exit within "
                        + Stopwatch.format(timeout) + " of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LocalStackException.stopRequested();
        }
        watchdog.forget(process.pid());
        try {
            Files.writeString(log, "# " + Instant.now() + " killed (SIGKILL) by the local stack launcher, exit code "
                    + process.exitValue() + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the mark is a courtesy to the reader of the log
        }
        return process.exitValue();
    }

    /** SIGTERM, then SIGKILL after {@code timeout}; returns a short report such as {@code stopped in 0.8 s}. */
    String stop(Duration timeout) {
        Stopwatch stopwatch = Stopwatch.start();
        boolean wasAlive = process.isAlive();
        int code = ChildProcesses.stop(process, timeout);
        watchdog.forget(process.pid());
        if (!wasAlive) {
            return "had already exited (code " + code + ")";
        }
        return stopwatch.elapsed().compareTo(timeout) >= 0 ? "killed after " + stopwatch
                : "stopped in " + stopwatch;
    }
}
