package io.resellhub.simulator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's JSON: rendering of maps, lists and scalars (money as strings, never floats), and
 * parsing of the flat objects the admin endpoints accept as input.
 */
final class AdminJson {

    private AdminJson() {
    }

    static String write(Object value) {
        StringWriter out = new StringWriter();
        try {
            value(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toString();
    }

    private static void value(Object value, StringWriter out) throws IOException {
        if (value == null) {
            out.write("null");
        } else if (value instanceof Map) {
            out.write('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                JsonDocWriter.string(String.valueOf(entry.getKey()), out);
                out.write(':');
                value(entry.getValue(), out);
            }
            out.write('}');
        } else if (value instanceof List) {
            out.write('[');
            boolean first = true;
            for (Object item : (List<?>) value) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                value(item, out);
            }
            out.write(']');
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.write(value.toString());
        } else if (value instanceof BigDecimal) {
            JsonDocWriter.string(((BigDecimal) value).toPlainString(), out);
        } else {
            JsonDocWriter.string(value.toString(), out);
        }
    }

    /**
     * Parses a flat JSON object ({@code {"count": 3, "kind": "html"}}) into strings; nested objects
     * and arrays are refused, none of the admin endpoints needs them.
     */
    static Map<String, String> parseFlatObject(String json) {
        return new FlatParser(json).object();
    }

    private static final class FlatParser {
        private final String text;
        private int pos;

        FlatParser(String text) {
            this.text = text;
        }

        Map<String, String> object() {
            Map<String, String> result = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                pos++;
                return end(result);
            }
            while (true) {
                String key = string();
                expect(':');
                result.put(key, scalar());
                char next = next();
                if (next == '}') {
                    return end(result);
                }
                if (next != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private Map<String, String> end(Map<String, String> result) {
            skipSpace();
            if (pos != text.length()) {
                throw error("unexpected trailing text");
            }
            return result;
        }

        private String scalar() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (c == '{' || c == '[') {
                throw error("nested values are not supported");
            }
            int start = pos;
            while (pos < text.length() && ",} \t\r\n".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            String literal = text.substring(start, pos);
            if (literal.equals("null")) {
                return null;
            }
            if (literal.equals("true") || literal.equals("false") || literal.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
                return literal;
            }
            throw error("bad literal '" + literal + "'");
        }

        private String string() {
            expect('"');
            StringBuilder result = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return result.toString();
                }
                if (c != '\\') {
                    result.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    break;
                }
                char escaped = text.charAt(pos++);
                switch (escaped) {
                    case 'n':
                        result.append('\n');
                        break;
                    case 't':
                        result.append('\t');
                        break;
                    case 'r':
                        result.append('\r');
                        break;
                    case 'b':
                        result.append('\b');
                        break;
                    case 'f':
                        result.append('\f');
                        break;
                    case 'u':
                        if (pos + 4 > text.length()) {
                            throw error("bad \\u escape");
                        }
                        result.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                        break;
                    default:
                        result.append(escaped);
                }
            }
            throw error("unterminated string");
        }

        private void expect(char expected) {
            if (next() != expected) {
                throw error("expected '" + expected + "'");
            }
        }

        private char next() {
            char c = peek();
            pos++;
            return c;
        }

        private char peek() {
            skipSpace();
            if (pos >= text.length()) {
                throw error("unexpected end");
            }
            return text.charAt(pos);
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid JSON body at " + pos + ": " + what);
        }
    }
}
