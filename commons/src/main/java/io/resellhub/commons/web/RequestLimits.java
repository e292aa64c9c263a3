package io.resellhub.commons.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.resellhub.commons.paging.PageRequest;
import io.resellhub.commons.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses, before any resource, JSON parsing or database sees them, requests no service should handle:
 * a request address over {@link #MAX_URI_CHARS} ({@code 414}), a body announced over {@link #MAX_BODY_BYTES}
 * ({@code 413}), a query parameter holding a NUL character
 * or bytes that are not UTF-8, and a {@code page} or {@code size} that is not a number in range ({@code 400},
 * the parameter named). Both as problem+json, in the gateway and
 * in every service. A chunked body without a length is cut off by {@code quarkus.http.limits.max-body-size}.
 */
@ApplicationScoped
public class RequestLimits {

    public static final long MAX_BODY_BYTES = 1024 * 1024;
    /**
     * Longest request target answered: longer ones get a 414 problem here; the HTTP decoder's own limit
     * ({@code quarkus.http.limits.max-initial-line-length}, set above this) refuses the rest without a body.
     */
    public static final int MAX_URI_CHARS = 8192;

    private static final ObjectMapper JSON = new ObjectMapper();

    void register(@Observes Filters filters) {
        filters.register(this::check, 1_000);
    }

    void check(RoutingContext context) {
        if (context.request().uri().length() > MAX_URI_CHARS) {
            reject(context, new Problem(Problem.type("uri-too-long"), "URI too long", 414, "The request address is"
                    + " longer than " + MAX_URI_CHARS + " characters", null, null));
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLong(length.trim())) {
            reject(context, new Problem(Problem.type("body-too-large"), "Payload too large", 413,
                    "The request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB", context.request().path(), null));
            return;
        }
        String query = context.request().query();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String rawName = equals < 0 ? pair : pair.substring(0, equals);
                String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
                String name = decode(rawName);
                String value = decode(rawValue);
                String message = name == null || value == null ? "is not valid UTF-8"
                        : name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0 ? "must not contain NUL characters"
                        : pagingProblem(name, value);
                if (message != null) {
                    String shown = name == null || name.indexOf('\0') >= 0 ? "query" : name;
                    reject(context, new Problem(Problem.type("bad-request"), "Bad request", 400,
                            "Invalid query parameter " + shown, context.request().path(),
                            List.of(new Problem.FieldError(shown, message))));
                    return;
                }
            }
        }
        context.next();
    }

    /**
     * {@code page} and {@code size} of every list, checked as numbers before anything parses or multiplies
     * them (so {@code page=99999999999} is a 400 like {@code page=-1}, not a failed conversion).
     */
    private static String pagingProblem(String name, String value) {
        if (name.equals("page")) {
            return inRange(value, 0, PageRequest.MAX_PAGE) ? null : "page must be an integer from 0 to "
                    + PageRequest.MAX_PAGE;
        }
        if (name.equals("size")) {
            return inRange(value, 1, PageRequest.MAX_SIZE) ? null : "size must be between 1 and " + PageRequest.MAX_SIZE;
        }
        return null;
    }

    private static boolean inRange(String value, int min, int max) {
        if (value.isEmpty() || value.length() > 10) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        long number = Long.parseLong(value);
        return number >= min && number <= max;
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            // digits beyond a long: far too long; anything else is the HTTP server's to refuse
            return !length.isEmpty() && length.chars().allMatch(Character::isDigit);
        }
    }

    /** Percent-decodes one query component strictly as UTF-8; null when its bytes are not UTF-8 or malformed. */
    static String decode(String raw) {
        if (plainAscii(raw)) {
            // Nothing to decode (the common case, on every request): the text is the raw component itself.
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 3);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.put((byte) (high * 16 + low));
                i += 2;
            } else if (c == '+') {
                bytes.put((byte) ' ');
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean plainAscii(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == '+' || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static void reject(RoutingContext context, Problem problem) {
        Log.debugf("%d %s: %s", problem.status(), context.request().path(), problem.detail());
        String body;
        try {
            body = JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + problem.status() + "}";
        }
        context.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.status() == 413) {
            // The unread body is not wanted: the connection is not reused.
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        context.response().end(body);
    }
}
