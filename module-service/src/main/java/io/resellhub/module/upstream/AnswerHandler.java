package io.resellhub.module.upstream;

/**
 * Turns one answer into a result while it is parsed: list elements ({@code doc.elem}) are handed over
 * one by one as they stream by and are never kept in the document, so a 10,000-plan export exists only
 * as the records built from it. A new handler is made for every attempt of a call.
 */
interface AnswerHandler<T> {

    /** One {@code doc.elem}, in document order. */
    default void element(Node elem) {
    }

    /** The document without its {@code elem} list, after the whole answer was read without an error. */
    T finish(Node doc);
}
