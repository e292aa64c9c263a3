package io.resellhub.simulator;

/**
 * A BILLmanager error answer ({@code doc.error} with HTTP 200). Thrown by {@link BillmanagerApi} and
 * turned into the envelope by the handler; the message is resolved in the caller's language.
 */
final class ApiError extends RuntimeException {

    private final String type;
    private final String object;
    private final Messages.Key key;
    private final transient Object[] args;
    private final String fixedMessage;

    ApiError(String type, String object, Messages.Key key, Object... args) {
        super(type + (object == null ? "" : "/" + object), null, false, false);
        this.type = type;
        this.object = object;
        this.key = key;
        this.args = args;
        this.fixedMessage = null;
    }

    private ApiError(String type, String object, String fixedMessage) {
        super(type + (object == null ? "" : "/" + object), null, false, false);
        this.type = type;
        this.object = object;
        this.key = null;
        this.args = new Object[0];
        this.fixedMessage = fixedMessage;
    }

    /** An error whose message is given verbatim (injected faults). */
    static ApiError verbatim(String type, String object, String message) {
        return new ApiError(type, object, message);
    }

    static ApiError missed(String parameter) {
        return new ApiError("missed", parameter, Messages.Key.MISSED, parameter);
    }

    static ApiError value(String parameter) {
        return new ApiError("value", parameter, Messages.Key.VALUE, parameter);
    }

    static ApiError value(String parameter, Messages.Key key, Object... args) {
        return new ApiError("value", parameter, key, args);
    }

    static ApiError notFound(String elid) {
        return new ApiError("notfound", "elid", Messages.Key.NOT_FOUND, elid);
    }

    String type() {
        return type;
    }

    String object() {
        return object;
    }

    String message(String lang) {
        return fixedMessage != null ? fixedMessage : Messages.format(key, lang, args);
    }

    /** The error envelope; upstream sends it on a bare {@code doc}, with HTTP 200. */
    DocNode toDoc(String lang) {
        return DocNode.bareDoc().child(DocNode.element("error")
                .attr("type", type)
                .attr("object", object)
                .attr("lang", lang)
                .field("msg", message(lang)));
    }
}
