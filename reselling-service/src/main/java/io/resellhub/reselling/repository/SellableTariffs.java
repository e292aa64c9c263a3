package io.resellhub.reselling.repository;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.resellhub.commons.money.Money;
import io.resellhub.reselling.domain.ServingModule;

/** What ordering needs to know about a tariff: whether it is sold, where, and for which periods at what price. */
public interface SellableTariffs {

    Optional<SellableTariff> find(UUID tariffId);

    /**
     * A tariff as an order sees it; {@code prices} maps period code → selling price, {@code upstreamCosts} period
     * code → upstream cost (the highest among its modules); {@code modules} may serve it, its own module first.
     */
    record SellableTariff(UUID id, UUID processingModuleId, String upstreamTariffId, String productType,
            boolean enabled, Map<Integer, Money> prices, Map<Integer, BigDecimal> upstreamCosts,
            List<ServingModule> modules) {
    }
}
