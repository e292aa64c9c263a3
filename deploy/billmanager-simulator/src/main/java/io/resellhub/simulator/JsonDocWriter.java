package io.resellhub.simulator;

import java.io.IOException;
import java.io.Writer;

/**
 * {@code out=json} and {@code out=sjson}. json: every element is an object, its text under {@code "$"}
 * and its attributes as {@code "$name"} keys. sjson: attributes are plain keys and an element holding
 * only text is a plain string. Both: a list is an array, or an object when it has one element and
 * either the list or the simulator asks for that; a list without elements has no key.
 */
final class JsonDocWriter implements DocWriter {

    private final boolean simple;
    private final boolean singleElementListsAsObject;

    JsonDocWriter(boolean simple, boolean singleElementListsAsObject) {
        this.simple = simple;
        this.singleElementListsAsObject = singleElementListsAsObject;
    }

    @Override
    public void write(DocNode doc, Writer out) throws IOException {
        out.write('{');
        string(doc.name(), out);
        out.write(':');
        value(doc, out);
        out.write("}\n");
    }

    private void value(DocNode node, Writer out) throws IOException {
        if (simple && node.attributes().isEmpty() && node.children().isEmpty()) {
            string(node.text() == null ? "" : node.text(), out);
            return;
        }
        out.write('{');
        boolean first = true;
        for (DocNode.Attribute attribute : node.attributes()) {
            first = separator(first, out);
            string(simple ? attribute.name() : "$" + attribute.name(), out);
            out.write(':');
            string(attribute.value(), out);
        }
        if (node.text() != null) {
            first = separator(first, out);
            out.write("\"$\":");
            string(node.text(), out);
        }
        for (Object child : node.children()) {
            if (child instanceof DocList) {
                DocList list = (DocList) child;
                if (list.size() == 0) {
                    continue;
                }
                first = separator(first, out);
                string(list.name(), out);
                out.write(':');
                list(list, out);
            } else {
                DocNode element = (DocNode) child;
                first = separator(first, out);
                string(element.name(), out);
                out.write(':');
                value(element, out);
            }
        }
        out.write('}');
    }

    private void list(DocList list, Writer out) throws IOException {
        if (list.size() == 1 && (singleElementListsAsObject || list.singleAsObject())) {
            value(list.iterator().next(), out);
            return;
        }
        out.write('[');
        boolean first = true;
        for (DocNode element : list) {
            first = separator(first, out);
            value(element, out);
        }
        out.write(']');
    }

    private static boolean separator(boolean first, Writer out) throws IOException {
        if (!first) {
            out.write(',');
        }
        return false;
    }

    /** Writes a JSON string; non-ASCII text stays UTF-8 as upstream sends it, only controls are escaped. */
    static void string(String value, Writer out) throws IOException {
        out.write('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"':
                    out.write("\\\"");
                    break;
                case '\\':
                    out.write("\\\\");
                    break;
                case '\n':
                    out.write("\\n");
                    break;
                case '\r':
                    out.write("\\r");
                    break;
                case '\t':
                    out.write("\\t");
                    break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.write(String.format("\\u%04x", (int) c));
                    } else {
                        out.write(c);
                    }
            }
        }
        out.write('"');
    }
}
