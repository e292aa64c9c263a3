package io.resellhub.commons.paging;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * The {@code ?page=&size=} query parameters every list takes, validated as query parameters (400):
 * {@code page >= 0}, {@code 1 <= size <= 500}. Use with {@code @BeanParam @Valid}.
 */
public class PageRequest {

    public static final int MAX_SIZE = 500;

    @QueryParam("page")
    @DefaultValue("0")
    @Min(value = 0, message = "page must be 0 or more")
    public int page;

    @QueryParam("size")
    @DefaultValue("50")
    @Min(value = 1, message = "size must be between 1 and 500")
    @Max(value = MAX_SIZE, message = "size must be between 1 and 500")
    public int size;

    public PageRequest() {
    }

    public PageRequest(int page, int size) {
        this.page = page;
        this.size = size;
    }

    public int offset() {
        return page * size;
    }
}
