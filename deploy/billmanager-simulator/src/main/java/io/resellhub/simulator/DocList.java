package io.resellhub.simulator;

import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A list of same-named elements inside a {@link DocNode}, materialised one element at a time.
 *
 * @param singleAsObject upstream renders this list as an object when it has one element, whatever the
 *                       simulator's global setting
 */
record DocList(String name, List<?> items, BiConsumer<Object, DocNode> filler, boolean singleAsObject)
        implements Iterable<DocNode> {

    @SuppressWarnings("unchecked")
    static <T> DocList of(String name, List<T> items, BiConsumer<T, DocNode> filler, boolean singleAsObject) {
        return new DocList(name, items, (BiConsumer<Object, DocNode>) (BiConsumer<?, DocNode>) filler, singleAsObject);
    }

    int size() {
        return items.size();
    }

    @Override
    public Iterator<DocNode> iterator() {
        Iterator<?> source = items.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public DocNode next() {
                DocNode element = new DocNode(name);
                filler.accept(source.next(), element);
                return element;
            }
        };
    }
}
