package io.resellhub.simulator;

import java.io.IOException;
import java.io.Writer;

/** Renders a {@link DocNode} tree in one of the {@link DocFormat}s, streaming to a {@link Writer}. */
interface DocWriter {

    void write(DocNode doc, Writer out) throws IOException;

    /**
     * @param singleElementListsAsObject render every one-element list as an object instead of an array
     *                                   (json formats only; xml has no such distinction)
     */
    static DocWriter of(DocFormat format, boolean singleElementListsAsObject) {
        switch (format) {
            case JSON:
                return new JsonDocWriter(false, singleElementListsAsObject);
            case SJSON:
                return new JsonDocWriter(true, singleElementListsAsObject);
            default:
                return new XmlDocWriter();
        }
    }
}
