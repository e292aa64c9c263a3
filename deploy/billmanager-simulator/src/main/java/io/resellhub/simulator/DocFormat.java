package io.resellhub.simulator;

import java.util.Locale;

/** The {@code out=} formats upstream speaks. */
enum DocFormat {
    XML("xml", "text/xml; charset=UTF-8"),
    JSON("json", "application/json; charset=UTF-8"),
    SJSON("sjson", "application/json; charset=UTF-8");

    private final String code;
    private final String contentType;

    DocFormat(String code, String contentType) {
        this.code = code;
        this.contentType = contentType;
    }

    String code() {
        return code;
    }

    String contentType() {
        return contentType;
    }

    /** xml when {@code out} is absent or unknown, as upstream does. */
    static DocFormat fromOut(String out) {
        if (out == null) {
            return XML;
        }
        switch (out.trim().toLowerCase(Locale.ROOT)) {
            case "json":
                return JSON;
            case "sjson":
                return SJSON;
            default:
                return XML;
        }
    }
}
