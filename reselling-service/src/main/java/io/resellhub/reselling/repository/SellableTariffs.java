package io.resellhub.reselling.repository;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.resellhub.commons.money.Money;

/** What ordering needs to know about a tariff: whether it is sold, where, and for which periods at what price. */
public interface SellableTariffs {

    Optional<SellableTariff> find(UUID tariffId);

    /** A tariff as an order sees it; {@code prices} maps period code → selling price. */
    record SellableTariff(UUID id, UUID processingModuleId, String upstreamTariffId, String productType,
            boolean enabled, Map<Integer, Money> prices) {
    }
}
