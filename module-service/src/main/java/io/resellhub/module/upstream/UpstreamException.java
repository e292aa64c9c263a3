package io.resellhub.module.upstream;

/**
 * A failed call to an upstream BILLmanager. The message says what is wrong in words a person can act
 * on and never contains the password, the {@code authinfo} value or a session id.
 *
 * <p>Three families: {@link UpstreamRejectedException} (the upstream answered with its error envelope),
 * {@link UpstreamUnavailableException} (transport, timeouts, 5xx, open circuit) and
 * {@link NotBillmanagerException} (something that is not a BILLmanager answered).
 */
public abstract class UpstreamException extends RuntimeException {

    private final UpstreamFailureKind kind;
    private final String upstreamMessage;
    private final String field;
    private final boolean transientFailure;
    private final boolean outcomeUnknown;

    protected UpstreamException(UpstreamFailureKind kind, String message, String upstreamMessage, String field,
            boolean transientFailure, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.upstreamMessage = upstreamMessage;
        this.field = field;
        this.transientFailure = transientFailure;
        this.outcomeUnknown = outcomeUnknown;
    }

    public UpstreamFailureKind kind() {
        return kind;
    }

    /** The upstream's own {@code msg} (or null), kept for operators; never shown to end users unfiltered. */
    public String upstreamMessage() {
        return upstreamMessage;
    }

    /** For validation failures: the parameter the upstream named ({@code object}), or null. */
    public String field() {
        return field;
    }

    /** True when trying again later may succeed: timeouts, unreachable, 5xx, cut-off answers, open circuit. */
    public boolean transientFailure() {
        return transientFailure;
    }

    /**
     * True when the request may have reached the upstream and been carried out although no usable answer
     * came back (timeout after sending, connection lost, 5xx, a non-BILLmanager answer). A changing call
     * that failed this way must be checked upstream before it is repeated; the client does that itself
     * for orders and renewals.
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
