package io.resellhub.module.upstream;

/**
 * Something that is not a BILLmanager answered at the configured URL: an HTML page, a redirect, an HTTP
 * 4xx, a body that is neither BILLmanager JSON nor XML, or a document without the {@code doc} root.
 * Usually a wrong URL; not transient.
 */
public class NotBillmanagerException extends UpstreamException {

    public NotBillmanagerException(String message, boolean outcomeUnknown, Throwable cause) {
        super(UpstreamFailureKind.NOT_BILLMANAGER, message, null, null, false, outcomeUnknown, cause);
    }
}
