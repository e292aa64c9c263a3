package io.resellhub.launcher;

/** The local stack could not start, or stopped; the message says what happened and what to do. */
public class LocalStackException extends RuntimeException {

    private final boolean stopRequested;

    LocalStackException(String message) {
        this(message, null, false);
    }

    LocalStackException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private LocalStackException(String message, Throwable cause, boolean stopRequested) {
        super(message, cause);
        this.stopRequested = stopRequested;
    }

    /** Start was abandoned because the stack was told to stop (Ctrl-C, SIGTERM, {@code close()}). */
    static LocalStackException stopRequested() {
        return new LocalStackException("The local stack was stopped while starting", null, true);
    }

    /** Whether this is {@link #stopRequested()} rather than a failure. */
    public boolean isStopRequested() {
        return stopRequested;
    }
}
