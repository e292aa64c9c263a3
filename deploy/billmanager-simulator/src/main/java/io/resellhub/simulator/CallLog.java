package io.resellhub.simulator;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * One line per call at most: function, format, outcome and duration. Parameters are never printed,
 * so {@code authinfo}, passwords and session ids cannot reach the log.
 */
final class CallLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final boolean enabled;
    private final PrintStream out;

    CallLog(boolean enabled, PrintStream out) {
        this.enabled = enabled;
        this.out = out;
    }

    void call(String func, DocFormat format, String outcome, long millis) {
        if (enabled) {
            out.printf("[billmgr-sim] %s billmgr func=%s out=%s -> %s (%d ms)%n",
                    LocalTime.now().format(TIME), func, format.code(), outcome, millis);
        }
    }

    void admin(String method, String path, int status, long millis) {
        if (enabled) {
            out.printf("[billmgr-sim] %s admin %s %s -> %d (%d ms)%n", LocalTime.now().format(TIME), method, path, status, millis);
        }
    }
}
