package io.resellhub.tariff.domain;

import java.math.BigDecimal;
import java.util.TreeMap;
import java.util.UUID;

/** A tariff as the bulk import reads and writes it through plain JDBC (no entity per row). */
public final class TariffRow {

    public UUID id;
    public UUID processingModuleId;
    public String upstreamTariffId;
    public String productType;
    public String name;
    public String upstreamName;
    public String provider;
    public String currency;
    public boolean upstreamAvailable;
    public boolean upstreamRemoved;
    public boolean belowCost;
    public long version;
    /** period → price, in period order. */
    public final TreeMap<Integer, Price> prices = new TreeMap<>();

    public static final class Price {
        public BigDecimal amount;
        public BigDecimal upstreamCost;

        public Price(BigDecimal amount, BigDecimal upstreamCost) {
            this.amount = amount;
            this.upstreamCost = upstreamCost;
        }
    }

    public boolean computeBelowCost() {
        return prices.values().stream()
                .anyMatch(p -> p.upstreamCost != null && p.amount.compareTo(p.upstreamCost) < 0);
    }
}
