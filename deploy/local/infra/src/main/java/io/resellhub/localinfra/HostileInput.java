package io.resellhub.localinfra;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generated bad input for the services' bad-input sweeps (seeded {@link Random}, so a failure repeats):
 * malformed, oversized, wrongly typed and hostile query strings, path segments and JSON bodies, and the
 * verdict on an answer: no 5xx, every 4xx {@code application/problem+json} with its {@code status}, no stack
 * trace or class name in any body.
 */
public final class HostileInput {

    private static final String[] QUERY_VALUES = {"", "-1", "0", "1", "500", "501", "4294967", "4294968",
            "99999999999", "abc", "%00", "a%00b", "%FF%FE", "%C3%28", "%E2%82", "1e3", "%20", "null", "true", "-name",
            "name", "price", "enabled", "sold", "pending", "ssl-certificate", "x".repeat(5000),
            "%27%3B%20DROP%20TABLE%20x%3B--", "..%2F..%2Fetc", "%F0%9F%98%80", "%2B", UUID.randomUUID().toString()};
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*(\\d+)");

    private HostileInput() {
    }

    /** Zero to three of {@code parameters} with hostile values, as a raw (already encoded) query string. */
    public static String query(Random random, String... parameters) {
        StringBuilder query = new StringBuilder();
        int count = random.nextInt(4);
        for (int p = 0; p < count; p++) {
            query.append(p == 0 ? '?' : '&').append(parameters[random.nextInt(parameters.length)]).append('=')
                    .append(QUERY_VALUES[random.nextInt(QUERY_VALUES.length)]);
        }
        return query.toString();
    }

    /** An id segment: a random UUID, a malformed one, a NUL, a very long one, bytes that are not UTF-8. */
    public static String pathSegment(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> UUID.randomUUID().toString();
            case 1 -> "not-a-uuid";
            case 2 -> "%00";
            case 3 -> "x".repeat(3000);
            case 4 -> "%FF";
            default -> "00000000-0000-0000-0000-00000000000" + random.nextInt(10);
        };
    }

    /** A body: broken JSON, deep nesting, a scalar, a huge text, or an object of {@code fields} with odd values. */
    public static String body(Random random, String... fields) {
        return switch (random.nextInt(8)) {
            case 0 -> "{";
            case 1 -> "[".repeat(3000) + "]".repeat(3000);
            case 2 -> "null";
            case 3 -> "\"text\"";
            case 4 -> "{\"" + fields[random.nextInt(fields.length)] + "\":\"" + "y".repeat(random.nextInt(300_000)) + "\"}";
            default -> object(random, 0, fields);
        };
    }

    private static String object(Random random, int depth, String... fields) {
        StringBuilder object = new StringBuilder("{");
        int count = random.nextInt(5);
        for (int f = 0; f < count; f++) {
            if (f > 0) {
                object.append(',');
            }
            object.append('"').append(fields[random.nextInt(fields.length)]).append("\":")
                    .append(value(random, depth, fields));
        }
        return object.append('}').toString();
    }

    private static String value(Random random, int depth, String... fields) {
        return switch (random.nextInt(14)) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> "-1";
            case 3 -> "1e400";
            case 4 -> "99999999999999999999999";
            case 5 -> "\"a\\u0000b\"";
            case 6 -> "\"\"";
            case 7 -> "\"12.50\"";
            case 8 -> "\"-0.01\"";
            case 9 -> "\"1.234567\"";
            case 10 -> "\"" + UUID.randomUUID() + "\"";
            case 11 -> depth > 2 ? "[]" : "[" + value(random, depth + 1, fields) + "," + value(random, depth + 1, fields) + "]";
            case 12 -> depth > 2 ? "{}" : object(random, depth + 1, fields);
            default -> "\"ssl-certificate\"";
        };
    }

    /** Null when the answer is acceptable; else what is wrong with it. */
    public static String verdict(int status, String contentType, String body) {
        String text = body == null ? "" : body;
        if (status >= 500) {
            return "a 5xx: " + abbreviate(text);
        }
        if (text.contains("Exception") || text.contains("\tat ") || text.contains("java.") || text.contains("io.resellhub")) {
            return "internals in the body: " + abbreviate(text);
        }
        if (status >= 400) {
            if (contentType == null || !contentType.startsWith("application/problem+json")) {
                return "a " + status + " that is not problem+json but '" + contentType + "'";
            }
            Matcher matcher = STATUS.matcher(text);
            if (!matcher.find() || Integer.parseInt(matcher.group(1)) != status) {
                return "a problem whose status is not " + status;
            }
        }
        return null;
    }

    /** What a sweep found: each misbehaving answer with the request that got it, and how many were sent. */
    public static final class Findings {

        private final List<String> failures = new ArrayList<>();
        private int requests;

        /** Records one answer; a bad one (see {@link #verdict}) is kept with its request. */
        public void check(String method, String target, String body, int status, String contentType,
                String responseBody) {
            requests++;
            String problem = verdict(status, contentType, responseBody);
            if (problem != null) {
                failures.add(method + " " + abbreviate(target) + " " + abbreviate(body) + " -> " + status + ": "
                        + problem);
            }
        }

        public int requests() {
            return requests;
        }

        public List<String> failures() {
            return failures;
        }

        /** "N of M requests misbehaved" with the first 20, or "M requests, none misbehaved". */
        public String summary() {
            if (failures.isEmpty()) {
                return requests + " requests, none misbehaved";
            }
            return failures.size() + " of " + requests + " requests misbehaved:\n"
                    + String.join("\n", failures.subList(0, Math.min(20, failures.size())));
        }
    }

    public static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 160 ? text : text.substring(0, 160) + "...";
    }
}
