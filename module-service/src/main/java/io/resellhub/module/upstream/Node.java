package io.resellhub.module.upstream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One element of a BILLmanager answer, the same whatever the format it came in: xml attributes, json
 * {@code $name} keys and sjson plain keys all end up readable through {@link #value(String)}, and the
 * text ({@code $} in json, a plain string in sjson, element text in xml) through {@link #text()}.
 * A list child is a name with several nodes, whether it arrived as an array, a single object or
 * repeated xml elements.
 */
final class Node {

    private final String name;
    private String text;
    private Map<String, String> attributes;
    private Map<String, List<Node>> children;

    Node(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** The element's own text, or null. */
    String text() {
        return text;
    }

    void setText(String text) {
        this.text = text;
    }

    void setAttribute(String attribute, String value) {
        if (value == null) {
            return;
        }
        if (attributes == null) {
            attributes = new LinkedHashMap<>(4);
        }
        attributes.put(attribute, value);
    }

    void addChild(Node child) {
        if (children == null) {
            children = new LinkedHashMap<>(8);
        }
        children.computeIfAbsent(child.name, k -> new ArrayList<>(1)).add(child);
    }

    String attribute(String attribute) {
        return attributes == null ? null : attributes.get(attribute);
    }

    /** The first child with this name, or null. */
    Node child(String childName) {
        List<Node> list = children == null ? null : children.get(childName);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    /** Every child with this name: an absent list is empty, a single object is a list of one. */
    List<Node> children(String childName) {
        List<Node> list = children == null ? null : children.get(childName);
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    boolean hasChild(String childName) {
        return children != null && children.containsKey(childName);
    }

    /**
     * A field by name: the attribute of that name (xml attribute, json {@code $name}) or the text of the
     * first child of that name (xml/json element, sjson plain key). Blank values read as null, as
     * upstream omits optional fields.
     */
    String value(String field) {
        String value = attribute(field);
        if (value == null) {
            Node child = child(field);
            value = child == null ? null : child.text;
        }
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** The first present of several field names. */
    String value(String field, String alternative) {
        String value = value(field);
        return value != null ? value : value(alternative);
    }

    @Override
    public String toString() {
        return "Node[" + name + "]";
    }
}
