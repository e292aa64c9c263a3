package io.resellhub.reselling.repository;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.resellhub.commons.money.Money;
import io.resellhub.reselling.domain.ServingModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * {@link SellableTariffs} on top of the tariff read model ({@code tariff_view}, kept by the tariffs consumer):
 * a tariff is sellable when it is on sale in the catalog ({@link CatalogRepository} defines what that means).
 */
@ApplicationScoped
public class TariffViewSellableTariffs implements SellableTariffs {

    private final EntityManager entityManager;
    private final ObjectMapper mapper;

    public TariffViewSellableTariffs(EntityManager entityManager, ObjectMapper mapper) {
        this.entityManager = entityManager;
        this.mapper = mapper;
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<SellableTariff> find(UUID tariffId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT v.processing_module_id, v.upstream_tariff_id, v.product_type, coalesce(c.on_sale, false),
                       v.prices::text, v.modules::text
                FROM tariff_view v LEFT JOIN catalog_entry c ON c.tariff_id = v.id
                WHERE v.id = ?1""").setParameter(1, tariffId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        List<ServingModule> modules = ServingModule.read((String) row[5]);
        if (modules == null) {
            modules = row[1] == null ? List.of() : List.of(new ServingModule((UUID) row[0], (String) row[1]));
        }
        Map<Integer, Money> prices;
        Map<Integer, BigDecimal> upstreamCosts;
        try {
            JsonNode priceList = mapper.readTree((String) row[4]);
            prices = prices(priceList);
            upstreamCosts = upstreamCosts(priceList);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("Unreadable prices in tariff_view: " + e.getMessage(), e);
        }
        return Optional.of(new SellableTariff(tariffId, (UUID) row[0], (String) row[1], (String) row[2],
                Boolean.TRUE.equals(row[3]), prices, upstreamCosts, modules));
    }

    private static Map<Integer, BigDecimal> upstreamCosts(JsonNode priceList) {
        Map<Integer, BigDecimal> costs = new LinkedHashMap<>();
        for (JsonNode price : priceList) {
            JsonNode cost = price.get("upstreamCost");
            if (price.hasNonNull("period") && cost != null && !cost.isNull()) {
                costs.put(price.get("period").asInt(), new BigDecimal(cost.asText()));
            }
        }
        return costs;
    }

    private static Map<Integer, Money> prices(JsonNode priceList) {
        Map<Integer, Money> prices = new LinkedHashMap<>();
        for (JsonNode price : priceList) {
            JsonNode amount = price.get("amount");
            JsonNode currency = price.get("currency");
            if (price.hasNonNull("period") && amount != null && !amount.isNull() && currency != null
                    && !currency.isNull()) {
                prices.put(price.get("period").asInt(), Money.of(amount.asText(), currency.asText()));
            }
        }
        return prices;
    }
}
