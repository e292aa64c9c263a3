package io.resellhub.commons.paging;

import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of a list, as every list endpoint answers it: {@code {"items","page","size","total"}}. */
@Schema(requiredProperties = {"items", "page", "size", "total"})
public record Page<T>(List<T> items, int page, int size, long total) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
