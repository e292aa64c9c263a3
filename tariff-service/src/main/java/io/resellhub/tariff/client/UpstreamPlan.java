package io.resellhub.tariff.client;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One plan as module-service exports it from the upstream (costs are the reseller's purchase prices). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpstreamPlan(String upstreamId, String name, String productType, Boolean available, String currency,
        List<Price> prices, String description) {

    public boolean isAvailable() {
        return available == null || available;
    }

    public List<Price> pricesOrEmpty() {
        return prices == null ? List.of() : prices;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Price(Integer period, BigDecimal cost) {
    }
}
