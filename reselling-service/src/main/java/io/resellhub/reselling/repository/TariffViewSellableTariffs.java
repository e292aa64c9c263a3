package io.resellhub.reselling.repository;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.hibernate.Session;

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

    /**
     * One prepared statement on the transaction's connection: an order asks this once, and Hibernate's native query
     * (a result mapping resolved from the result set's metadata on every execution) was a tenth of the service's
     * CPU per order.
     */
    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<SellableTariff> find(UUID tariffId) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT v.processing_module_id, v.upstream_tariff_id, v.product_type, coalesce(c.on_sale, false),
                           v.prices::text, v.modules::text
                    FROM tariff_view v LEFT JOIN catalog_entry c ON c.tariff_id = v.id
                    WHERE v.id = ?""")) {
                select.setObject(1, tariffId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(sellable(tariffId, row)) : Optional.<SellableTariff>empty();
                }
            }
        });
    }

    private SellableTariff sellable(UUID tariffId, ResultSet row) throws SQLException {
        UUID moduleId = row.getObject(1, UUID.class);
        String upstreamTariffId = row.getString(2);
        List<ServingModule> modules = ServingModule.read(row.getString(6));
        if (modules == null) {
            modules = upstreamTariffId == null ? List.of() : List.of(new ServingModule(moduleId, upstreamTariffId));
        }
        Map<Integer, Money> prices;
        Map<Integer, BigDecimal> upstreamCosts;
        try {
            JsonNode priceList = mapper.readTree(row.getString(5));
            prices = prices(priceList);
            upstreamCosts = upstreamCosts(priceList);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("Unreadable prices in tariff_view: " + e.getMessage(), e);
        }
        return new SellableTariff(tariffId, moduleId, upstreamTariffId, row.getString(3), row.getBoolean(4), prices,
                upstreamCosts, modules);
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
