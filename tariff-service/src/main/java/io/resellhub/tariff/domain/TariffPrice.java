package io.resellhub.tariff.domain;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** The selling price of one period and what the upstream charges for it, in the tariff's currency. */
@Embeddable
public class TariffPrice {

    @Column(name = "period")
    public int period;

    /** The reseller's selling price: set to the upstream cost on import, changed only by the reseller. */
    @Column(name = "amount")
    public BigDecimal amount;

    /** The upstream's current cost; null once the upstream no longer offers this period. */
    @Column(name = "upstream_cost")
    public BigDecimal upstreamCost;

    public TariffPrice() {
    }

    public TariffPrice(int period, BigDecimal amount, BigDecimal upstreamCost) {
        this.period = period;
        this.amount = amount;
        this.upstreamCost = upstreamCost;
    }

    public boolean isBelowCost() {
        return upstreamCost != null && amount.compareTo(upstreamCost) < 0;
    }
}
