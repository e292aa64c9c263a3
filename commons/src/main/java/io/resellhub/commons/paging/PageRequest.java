package io.resellhub.commons.paging;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * The {@code ?page=&size=} query parameters every list takes, validated as query parameters (400) before
 * any arithmetic: {@code 0 <= page <= MAX_PAGE}, {@code 1 <= size <= 500}, so {@code page * size} always fits
 * an int (Panache and SQL offsets). Use with {@code @BeanParam @Valid}.
 */
public class PageRequest {

    public static final int MAX_SIZE = 500;
    /** The last page whose first row's offset fits an int at the largest size. */
    public static final int MAX_PAGE = Integer.MAX_VALUE / MAX_SIZE;

    @QueryParam("page")
    @DefaultValue("0")
    @Min(value = 0, message = "page must be 0 or more")
    @Max(value = MAX_PAGE, message = "page must be at most " + MAX_PAGE)
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

    public long offset() {
        return (long) page * size;
    }
}
