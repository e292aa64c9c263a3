package io.resellhub.module.upstream;

/**
 * The upstream answered with its error envelope ({@code doc.error}, usually with HTTP 200): the call was
 * understood and refused; nothing was changed.
 */
public class UpstreamRejectedException extends UpstreamException {

    private final String errorType;

    public UpstreamRejectedException(UpstreamFailureKind kind, String errorType, String message, String upstreamMessage,
            String field) {
        super(kind, message, upstreamMessage, field, false, false, null);
        this.errorType = errorType;
    }

    /** The envelope's raw {@code type} ({@code auth}, {@code money}, ...). */
    public String errorType() {
        return errorType;
    }
}
