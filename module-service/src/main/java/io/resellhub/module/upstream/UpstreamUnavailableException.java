package io.resellhub.module.upstream;

/**
 * The upstream could not be reached or gave no usable answer: connection refused or lost, TLS failure,
 * timeout, HTTP 5xx, an answer cut off in the middle, or an open circuit breaker.
 */
public class UpstreamUnavailableException extends UpstreamException {

    public UpstreamUnavailableException(UpstreamFailureKind kind, String message, boolean transientFailure,
            boolean outcomeUnknown, Throwable cause) {
        super(kind, message, null, null, transientFailure, outcomeUnknown, cause);
    }
}
