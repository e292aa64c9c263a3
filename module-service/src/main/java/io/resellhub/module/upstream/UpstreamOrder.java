package io.resellhub.module.upstream;

import java.util.Map;
import java.util.Objects;

/**
 * What to order upstream.
 *
 * @param productType OUR product type code; the client maps it to the upstream item type
 * @param planId      the upstream plan id ({@code pricelist})
 * @param period      the period code
 * @param params      the product's parameters ({@code ip}, {@code hostname}, {@code parent}, {@code domain},
 *                    {@code approver_email}, {@code csr}, ...); never credentials or the reserved call keys
 * @param note        OUR order id; stored on the upstream service and used to never order twice
 */
public record UpstreamOrder(String productType, String planId, int period, Map<String, String> params, String note) {

    /** BILLmanager keeps at most this many characters of a note. */
    public static final int MAX_NOTE_LENGTH = 255;

    public UpstreamOrder {
        Objects.requireNonNull(productType, "productType");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(note, "note");
        if (note.isBlank() || note.length() > MAX_NOTE_LENGTH) {
            throw new IllegalArgumentException("note (our order id) must be 1.." + MAX_NOTE_LENGTH + " characters");
        }
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
