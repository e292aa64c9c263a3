package io.resellhub.commons.events;

import java.time.Duration;

import io.quarkus.logging.Log;

/**
 * How a batch consumer applies valid events: again and again, waiting longer between attempts (up to 2 s),
 * until it works. A database that is briefly unreachable, or a concurrent change that rolled the batch back,
 * delays the events; it never sends them to the dead-letter topic (only unreadable events go there, alone).
 */
public final class UntilApplied {

    private static final Duration FIRST_WAIT = Duration.ofMillis(200);
    private static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private UntilApplied() {
    }

    /** Runs {@code effect} (its own transaction) until it returns; {@code what} names the events in log lines. */
    public static void run(String what, Runnable effect) {
        Duration wait = FIRST_WAIT;
        for (int attempt = 1; ; attempt++) {
            try {
                effect.run();
                return;
            } catch (RuntimeException e) {
                Log.warnf("%s could not be applied (attempt %d: %s); trying again in %d ms", what, attempt,
                        e.getMessage(), wait.toMillis());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while applying " + what, interrupted);
                }
                wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
            }
        }
    }
}
