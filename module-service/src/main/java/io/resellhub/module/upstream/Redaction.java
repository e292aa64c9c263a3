package io.resellhub.module.upstream;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one place that decides what of a request may be shown: parameter names that carry credentials are
 * masked, and the secrets of the call (password, authinfo value, session id, also URL-encoded) are
 * scrubbed from any text before it reaches a log line or an exception message.
 */
final class Redaction {

    static final String MASK = "***";

    /** Parameters whose values are never shown. The username is not among them: it may be logged. */
    static final Set<String> SECRET_PARAMETERS = Set.of("authinfo", "auth", "password", "passwd", "confirm",
            "sid", "token", "secret");

    private static final int MAX_VALUE_CHARS = 64;

    private final List<String> secrets;

    private Redaction(List<String> secrets) {
        this.secrets = secrets;
    }

    /** The secrets of one connection (and session, when there is one). */
    static Redaction of(UpstreamConnection connection, String sessionId) {
        List<String> secrets = new ArrayList<>();
        add(secrets, connection.username() + ":" + connection.password());
        add(secrets, connection.password());
        add(secrets, sessionId);
        // longest first, so "user:pass" goes before "pass"
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return new Redaction(secrets);
    }

    private static void add(List<String> secrets, String secret) {
        if (secret == null || secret.isEmpty()) {
            return;
        }
        secrets.add(secret);
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        if (!encoded.equals(secret)) {
            secrets.add(encoded);
        }
    }

    /** The text with every secret replaced by {@code ***}; null stays null. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }

    /** A request as a loggable string: {@code func=soft.order.param elid=12 authinfo=*** note=ord-1}. */
    String describe(Map<String, String> form) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> entry : form.entrySet()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String key = entry.getKey();
            sb.append(key).append('=');
            if (isSecret(key)) {
                sb.append(MASK);
            } else {
                String value = entry.getValue() == null ? "" : entry.getValue();
                sb.append(value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) + "…" : value);
            }
        }
        return scrub(sb.toString());
    }

    static boolean isSecret(String parameter) {
        return SECRET_PARAMETERS.contains(parameter.toLowerCase(Locale.ROOT));
    }

    /** The form body; only ever sent, never logged. */
    static String formBody(Map<String, String> form) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> entry : form.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(entry.getValue() == null ? "" : entry.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
