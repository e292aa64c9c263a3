package io.resellhub.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One element of a BILLmanager answer document. The same tree is rendered as xml, json and sjson by
 * {@link DocWriter}, so the three formats cannot drift apart.
 *
 * <p>Children are either single elements ({@link DocNode}) or lists ({@link DocList}); the
 * difference matters in json, where a list becomes an array (or, when configured, an object if it has
 * one element) and a list without elements has no key at all.
 */
final class DocNode {

    /** An attribute; in json it becomes a {@code $name} key, in sjson a plain key. */
    record Attribute(String name, String value) {
    }

    private final String name;
    private final List<Attribute> attributes = new ArrayList<>(2);
    private final List<Object> children = new ArrayList<>();
    private String text;
    private boolean textHiddenInXml;

    DocNode(String name) {
        this.name = name;
    }

    static DocNode element(String name) {
        return new DocNode(name);
    }

    /** The document root, with the {@code lang} and {@code func} attributes upstream puts on it. */
    static DocNode doc(String lang, String func) {
        return new DocNode("doc").attr("lang", lang).attr("func", func);
    }

    /** A bare root, for the few answers upstream sends without root attributes (ok, auth, error). */
    static DocNode bareDoc() {
        return new DocNode("doc");
    }

    /** Adds an attribute; a null value is left out, like every optional field upstream. */
    DocNode attr(String name, String value) {
        if (value != null) {
            attributes.add(new Attribute(name, value));
        }
        return this;
    }

    DocNode text(String text) {
        this.text = text;
        return this;
    }

    /**
     * Upstream's {@code ok} answer quirk: {@code {"ok":{"$":"ok"}}} in json, but an empty
     * {@code <ok/>} in xml.
     */
    DocNode textOutsideXml(String text) {
        this.text = text;
        this.textHiddenInXml = true;
        return this;
    }

    /** Adds a child holding only text; a null value is left out. */
    DocNode field(String name, String value) {
        if (value != null) {
            children.add(new DocNode(name).text(value));
        }
        return this;
    }

    DocNode child(DocNode child) {
        children.add(child);
        return this;
    }

    /**
     * Adds a list of {@code items}, each element named {@code name} and filled by {@code filler}. The
     * elements are built lazily while writing, so a 10,000-plan export never exists as one big tree.
     */
    <T> DocNode list(String name, List<T> items, BiConsumer<T, DocNode> filler) {
        children.add(DocList.of(name, items, filler, false));
        return this;
    }

    /** Like {@link #list} for lists upstream always sends as an object when they hold one element (a plan's price). */
    <T> DocNode listSingleAsObject(String name, List<T> items, BiConsumer<T, DocNode> filler) {
        children.add(DocList.of(name, items, filler, true));
        return this;
    }

    String name() {
        return name;
    }

    List<Attribute> attributes() {
        return Collections.unmodifiableList(attributes);
    }

    /** Either {@link DocNode} or {@link DocList} entries, in document order. */
    List<Object> children() {
        return Collections.unmodifiableList(children);
    }

    String text() {
        return text;
    }

    boolean textHiddenInXml() {
        return textHiddenInXml;
    }
}
