package io.resellhub.localinfra;

import java.time.Duration;
import java.util.Locale;

/** Measures how long a step took, for the startup messages. */
public final class Stopwatch {

    private final long startNanos = System.nanoTime();

    private Stopwatch() {
    }

    public static Stopwatch start() {
        return new Stopwatch();
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The elapsed time as seconds with one decimal, e.g. {@code 2.4 s}. */
    @Override
    public String toString() {
        return format(elapsed());
    }

    /** {@code duration} as seconds with one decimal, e.g. {@code 2.4 s}. */
    public static String format(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
