package io.resellhub.simulator;

import java.io.IOException;
import java.io.Writer;

/** {@code out=xml}: elements, attributes and text as they are; lists are just repeated elements. */
final class XmlDocWriter implements DocWriter {

    @Override
    public void write(DocNode doc, Writer out) throws IOException {
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        element(doc, out);
        out.write('\n');
    }

    private void element(DocNode node, Writer out) throws IOException {
        out.write('<');
        out.write(node.name());
        for (DocNode.Attribute attribute : node.attributes()) {
            out.write(' ');
            out.write(attribute.name());
            out.write("=\"");
            escape(attribute.value(), out);
            out.write('"');
        }
        String text = node.textHiddenInXml() ? null : node.text();
        if (text == null && !hasElements(node)) {
            out.write("/>");
            return;
        }
        out.write('>');
        if (text != null) {
            escape(text, out);
        }
        for (Object child : node.children()) {
            if (child instanceof DocList) {
                for (DocNode element : (DocList) child) {
                    element(element, out);
                }
            } else {
                element((DocNode) child, out);
            }
        }
        out.write("</");
        out.write(node.name());
        out.write('>');
    }

    /** Empty lists write nothing, so an element holding only those is written as empty. */
    private static boolean hasElements(DocNode node) {
        for (Object child : node.children()) {
            if (!(child instanceof DocList) || ((DocList) child).size() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Escapes markup characters and drops control characters XML 1.0 cannot carry at all. */
    static void escape(String value, Writer out) throws IOException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&':
                    out.write("&amp;");
                    break;
                case '<':
                    out.write("&lt;");
                    break;
                case '>':
                    out.write("&gt;");
                    break;
                case '"':
                    out.write("&quot;");
                    break;
                default:
                    if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') {
                        out.write(c);
                    }
            }
        }
    }
}
