package io.resellhub.module.upstream;

import java.util.List;

/**
 * One plan of the upstream price list ({@code func=pricelist.export}).
 *
 * @param id          the upstream plan id (stable)
 * @param name        the plan name
 * @param productType OUR product type code ({@code ispsystem-license}, ...), mapped back from the item type
 * @param available   {@code orderavailable}: whether the plan can be ordered now
 * @param currency    ISO 4217 code of every price; null when the upstream does not send it
 * @param prices      one entry per period; empty when the upstream lists none
 * @param description optional text, or null
 */
public record UpstreamPlan(String id, String name, String productType, boolean available, String currency,
        List<UpstreamPrice> prices, String description) {

    public UpstreamPlan {
        prices = prices == null ? List.of() : List.copyOf(prices);
    }
}
