package io.resellhub.simulator;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer read the way a robust client reads it, whatever the format: lists may be arrays, single
 * objects or absent; sjson attributes are plain keys. Lets one test assert a function in all formats.
 */
final class Answer {

    private final String name;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final Map<String, List<Answer>> children = new LinkedHashMap<>();
    private String text;

    private Answer(String name) {
        this.name = name;
    }

    /** The {@code doc} element of a body in {@code format}. */
    static Answer parse(DocFormat format, String body) {
        if (format == DocFormat.XML) {
            return fromXml(body);
        }
        Map<String, Object> root = MiniJson.object(body);
        if (root.size() != 1 || !root.containsKey("doc")) {
            throw new AssertionError("no single doc root: " + body);
        }
        return fromJson("doc", root.get("doc"));
    }

    private static Answer fromXml(String body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            Element root = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            if (!root.getTagName().equals("doc")) {
                throw new AssertionError("root is not doc: " + body);
            }
            return fromElement(root);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + body, e);
        }
    }

    private static Answer fromElement(Element element) {
        Answer answer = new Answer(element.getTagName());
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            answer.attributes.put(attribute.getName(), attribute.getValue());
        }
        StringBuilder text = new StringBuilder();
        NodeList nodes = element.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node.getNodeType() == Node.ELEMENT_NODE) {
                Answer child = fromElement((Element) node);
                answer.children.computeIfAbsent(child.name, key -> new ArrayList<>()).add(child);
            } else if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(node.getNodeValue());
            }
        }
        answer.text = text.length() == 0 ? null : text.toString();
        return answer;
    }

    @SuppressWarnings("unchecked")
    private static Answer fromJson(String name, Object value) {
        Answer answer = new Answer(name);
        if (value instanceof String) {
            answer.text = (String) value;
            return answer;
        }
        if (!(value instanceof Map)) {
            throw new AssertionError(name + " is neither an object nor a string: " + value);
        }
        for (Map.Entry<String, Object> entry : ((Map<String, Object>) value).entrySet()) {
            String key = entry.getKey();
            Object child = entry.getValue();
            if (key.equals("$")) {
                answer.text = (String) child;
            } else if (key.startsWith("$")) {
                answer.attributes.put(key.substring(1), (String) child);
            } else if (child instanceof List) {
                List<Answer> items = answer.children.computeIfAbsent(key, k -> new ArrayList<>());
                for (Object item : (List<Object>) child) {
                    items.add(fromJson(key, item));
                }
            } else {
                answer.children.computeIfAbsent(key, k -> new ArrayList<>()).add(fromJson(key, child));
            }
        }
        return answer;
    }

    String name() {
        return name;
    }

    String text() {
        return text;
    }

    /** Text of the first child called {@code child}, or null. */
    String text(String child) {
        List<Answer> found = children.get(child);
        return found == null || found.isEmpty() ? null : found.get(0).text;
    }

    /** An attribute; in sjson attributes are indistinguishable from text children, so those count too. */
    String attr(String attribute) {
        String value = attributes.get(attribute);
        return value != null ? value : text(attribute);
    }

    List<Answer> list(String child) {
        return children.getOrDefault(child, List.of());
    }

    Answer child(String child) {
        List<Answer> found = list(child);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + child + " in " + name + ", found " + found.size() + ": " + children.keySet());
        }
        return found.get(0);
    }

    boolean has(String child) {
        return children.containsKey(child);
    }

    boolean isError() {
        return has("error");
    }

    String errorType() {
        return isError() ? child("error").attr("type") : null;
    }

    String errorObject() {
        return isError() ? child("error").attr("object") : null;
    }

    String errorMessage() {
        return isError() ? child("error").text("msg") : null;
    }

    @Override
    public String toString() {
        return name + attributes + (text == null ? "" : "'" + text + "'") + children;
    }
}
