package io.resellhub.localinfra;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure processes we started do not outlive us, even when this JVM is killed with {@code kill -9}.
 *
 * <p>The watchdog is a tiny {@code /bin/sh} process in its own session. It reads commands from its standard
 * input; when that reaches end-of-file without a goodbye (the owning JVM is gone, however it died), it
 * sends each watched process its stop signal, kills what is still alive after a grace period, and deletes
 * the directories it was asked to. A clean shutdown {@link #forget}s each process after stopping it, so
 * at the end there is nothing left to do.
 *
 * <p>Needed for processes whose code we do not control: the PostgreSQL postmaster (started by
 * {@code pg_ctl}, so not even our child), the Quarkus services and the simulator. The Kafka child watches
 * its own standard input instead (see {@link ParentWatchingMain}).
 */
public final class ProcessWatchdog implements AutoCloseable {

    /** Seconds between the stop signal and SIGKILL once the owner is gone. */
    public static final int GRACE_SECONDS = 10;

    private static final String SCRIPT = """
            trap '' INT HUP
            pids=""
            dirs=""
            while IFS= read -r line; do
              cmd=${line%% *}
              arg=${line#* }
              case "$cmd" in
                watch) pids="$pids $arg" ;;
                forget)
                  kept=""
                  for entry in $pids; do
                    [ "${entry%%:*}" = "$arg" ] || kept="$kept $entry"
                  done
                  pids=$kept ;;
                cleanup) dirs="$dirs
            $arg" ;;
                keep)
                  kept=""
                  while IFS= read -r d; do
                    if [ -n "$d" ] && [ "$d" != "$arg" ]; then kept="$kept
            $d"; fi
                  done <<EOF
            $dirs
            EOF
                  dirs=$kept ;;
                exit) exit 0 ;;
              esac
            done
            for entry in $pids; do
              kill -"${entry#*:}" "${entry%%:*}" 2>/dev/null
            done
            waited=0
            alive=$pids
            while [ -n "$alive" ] && [ $waited -lt @GRACE@ ]; do
              sleep 1
              waited=$((waited + 1))
              still=""
              for entry in $alive; do
                if kill -0 "${entry%%:*}" 2>/dev/null; then still="$still $entry"; fi
              done
              alive=$still
            done
            for entry in $alive; do
              kill -KILL "${entry%%:*}" 2>/dev/null
            done
            while IFS= read -r d; do
              case "$d" in
                ""|/) ;;
                *) rm -rf -- "$d" ;;
              esac
            done <<EOF
            $dirs
            EOF
            """.replace("@GRACE@", Integer.toString(GRACE_SECONDS));

    private static ProcessWatchdog shared;

    private final Process process;
    private final OutputStream commands;
    private boolean broken;

    private ProcessWatchdog(Process process) {
        this.process = process;
        this.commands = process.getOutputStream();
    }

    /** Starts a new watchdog owned by this JVM. */
    public static ProcessWatchdog start() {
        List<String> command = new ArrayList<>(ChildProcesses.ownSession());
        command.addAll(List.of("/bin/sh", "-c", SCRIPT, "resellhub-watchdog"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            return new ProcessWatchdog(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the process watchdog (/bin/sh)", e);
        }
    }

    /**
     * The watchdog of this JVM (of this class loader, to be exact), started on first use. It is never told
     * goodbye: when the JVM exits, the shutdown hooks have stopped and forgotten everything already, and
     * whatever they did not is killed.
     */
    public static synchronized ProcessWatchdog shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
        }
        return shared;
    }

    /**
     * Watches {@code pid}: if the owner dies, it gets {@code signal} (e.g. {@code TERM}, or {@code INT} for
     * PostgreSQL's fast shutdown), then SIGKILL after {@value #GRACE_SECONDS} seconds.
     */
    public void watch(long pid, String signal) {
        if (!signal.matches("[A-Z0-9]+")) {
            throw new IllegalArgumentException("Not a signal name: " + signal);
        }
        send("watch " + pid + ":" + signal);
    }

    /** Stops watching {@code pid}, after it was stopped cleanly. */
    public void forget(long pid) {
        send("forget " + pid);
    }

    /** Deletes {@code directory} (recursively) if the owner dies without calling {@link #keep}. */
    public void deleteIfOrphaned(Path directory) {
        send("cleanup " + directory.toAbsolutePath());
    }

    /** Undoes {@link #deleteIfOrphaned}. */
    public void keep(Path directory) {
        send("keep " + directory.toAbsolutePath());
    }

    /** The watchdog's own process, for tests. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Goodbye: the watchdog exits without touching anything. */
    @Override
    public synchronized void close() {
        send("exit");
        closeInput();
        waitForExit();
    }

    /** What happens when the owner dies: the input ends without a goodbye. For tests. */
    synchronized void abandon() {
        closeInput();
    }

    private synchronized void send(String line) {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("Watchdog commands are single lines");
        }
        if (broken) {
            return;
        }
        try {
            commands.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
        } catch (IOException e) {
            broken = true;
            System.err.println("[local-infra] the process watchdog is gone; orphaned processes will not be"
                    + " cleaned up if this JVM is killed: " + e.getMessage());
        }
    }

    private void closeInput() {
        broken = true;
        try {
            commands.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
