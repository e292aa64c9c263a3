package io.resellhub.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of one call: the GET query merged with a POST
 * {@code application/x-www-form-urlencoded} body (the body wins on a clash, a later repeat wins
 * over an earlier one). Never logged: it carries {@code authinfo}, {@code password} and {@code auth}.
 */
final class Params {

    private static final int MAX_BODY_BYTES = 1 << 20;

    private final Map<String, String> values;

    Params(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Reads query and form body; a malformed %-escape throws {@link IllegalArgumentException}. */
    static Params read(HttpExchange exchange) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        decodeInto(exchange.getRequestURI().getRawQuery(), values);
        if ("POST".equalsIgnoreCase(exchange.getRequestMethod())) {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String body = readBody(exchange.getRequestBody());
            if (contentType == null || contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                decodeInto(body, values);
            }
        }
        return new Params(values);
    }

    static String readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES);
        in.transferTo(OutputStream.nullOutputStream()); // drain an oversized body so the connection stays usable
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static void decodeInto(String encoded, Map<String, String> values) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
    }

    /** The value, or null when absent or blank: upstream treats an empty parameter as not given. */
    String value(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    boolean isOn(String name) {
        return "on".equalsIgnoreCase(value(name)) || "yes".equalsIgnoreCase(value(name));
    }

    /** {@code sok=ok}: submit the form instead of only showing it. */
    boolean submitted() {
        return value("sok") != null;
    }

    /** Names only, never values: safe to print. */
    @Override
    public String toString() {
        return "Params" + values.keySet();
    }

}
