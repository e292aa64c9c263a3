package io.resellhub.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What a faulty call does instead of (or after) answering normally. Build with the factories:
 * {@link #http500()}, {@link #hang()}, {@link #html()}, {@link #error(String)},
 * {@link #dropAfterProcessing()}, {@link #slow(Duration)}; arm with {@link BillmanagerSimulator#failNext(String, int, Fault)}.
 *
 * @param kind        what happens
 * @param errorType   for {@link Kind#ERROR}: the envelope's {@code type} (auth, access, missed, value,
 *                    exists, notfound, money, unavailable or anything else for an internal error)
 * @param errorObject for {@link Kind#ERROR}: the envelope's {@code object}, or null
 * @param message     for {@link Kind#ERROR}: the envelope's {@code msg}, or null for a stock message
 * @param hangFor     for {@link Kind#HANG}: how long to hold the connection, or null for the
 *                    simulator's configured {@link SimulatorConfig#hangDuration()}; for {@link Kind#SLOW}:
 *                    how long the call waits before it is performed
 */
public record Fault(Kind kind, String errorType, String errorObject, String message, Duration hangFor) {

    public enum Kind {
        /** HTTP 500 with an nginx-style HTML body; the call is not performed. */
        HTTP_500("http500"),
        /** Holds the connection open past any sane client timeout, then closes it without an answer. */
        HANG("hang"),
        /** HTTP 200 with a {@code text/html} login page, as when a proxy or wrong path answers. */
        HTML("html"),
        /** The BILLmanager error envelope (HTTP 200) of the given type; the call is not performed. */
        ERROR("error"),
        /** The call is performed (an order is created and paid), then the connection is dropped unanswered. */
        DROP_AFTER_PROCESSING("drop-after-processing"),
        /** The call waits {@code hangFor}, then is performed and answered normally (a slow upstream). */
        SLOW("slow");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** The name used by the admin endpoint ({@code kind=http500|hang|html|error|drop-after-processing}). */
        public String code() {
            return code;
        }

        public static Kind fromCode(String code) {
            String normalized = code.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Kind kind : values()) {
                if (kind.code.equals(normalized) || kind.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(normalized)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown fault kind: " + code
                    + " (expected http500, hang, html, error, drop-after-processing or slow)");
        }
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.ERROR && (errorType == null || errorType.isBlank())) {
            throw new IllegalArgumentException("an error fault needs an error type");
        }
        if (hangFor != null && hangFor.isNegative()) {
            throw new IllegalArgumentException("hangFor must not be negative");
        }
    }

    public static Fault http500() {
        return new Fault(Kind.HTTP_500, null, null, null, null);
    }

    /** Hangs for the simulator's configured hang duration (60 s unless configured). */
    public static Fault hang() {
        return new Fault(Kind.HANG, null, null, null, null);
    }

    public static Fault hang(Duration hangFor) {
        return new Fault(Kind.HANG, null, null, null, Objects.requireNonNull(hangFor, "hangFor"));
    }

    public static Fault html() {
        return new Fault(Kind.HTML, null, null, null, null);
    }

    /** An error envelope of {@code type} with a stock message and no object. */
    public static Fault error(String type) {
        return new Fault(Kind.ERROR, type, null, null, null);
    }

    public static Fault error(String type, String object, String message) {
        return new Fault(Kind.ERROR, type, object, message, null);
    }

    /** The call is performed normally, after {@code delay}. */
    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, null, null, null, Objects.requireNonNull(delay, "delay"));
    }

    public static Fault dropAfterProcessing() {
        return new Fault(Kind.DROP_AFTER_PROCESSING, null, null, null, null);
    }
}
