package io.resellhub.tariff.messaging;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;

import io.resellhub.commons.money.Money;
import io.resellhub.tariff.domain.Tariff;

/** Events of the {@code tariffs} topic, keyed by tariff id; data version 1 is the full tariff snapshot. */
public final class TariffEvents {

    public static final String TOPIC = "tariffs";
    public static final String IMPORTED = "tariff.imported";
    public static final String UPDATED = "tariff.updated";
    public static final String UPSTREAM_CHANGED = "tariff.upstream-changed";

    private TariffEvents() {
    }

    public record PriceData(int period, String amount, String currency, String upstreamCost) {
    }

    /** One module that may serve the tariff's orders, with its upstream plan. */
    public record ModuleData(String processingModuleId, String upstreamTariffId) {
    }

    /**
     * Data (version 1) of every tariff event. Money as strings; {@code allowBelowCost} and {@code modules} (every
     * module that may serve it, the one it was imported from first) were added compatibly.
     */
    public record TariffData(String id, String processingModuleId, String upstreamTariffId, String productType,
            String name, String provider, List<PriceData> prices, boolean upstreamAvailable, boolean upstreamRemoved,
            boolean belowCost, long version, boolean allowBelowCost, List<ModuleData> modules) {
    }

    public static TariffData of(Tariff t) {
        Currency currency = Currency.getInstance(t.currency);
        List<PriceData> prices = t.prices.stream().sorted(Comparator.comparingInt(p -> p.period))
                .map(p -> new PriceData(p.period, Money.plain(p.amount, currency), t.currency, money(p.upstreamCost, currency)))
                .toList();
        List<ModuleData> modules = new ArrayList<>();
        modules.add(new ModuleData(t.processingModuleId.toString(), t.upstreamTariffId));
        t.servingModules.forEach(m -> modules.add(new ModuleData(m.processingModuleId().toString(),
                m.upstreamTariffId())));
        return new TariffData(t.id.toString(), t.processingModuleId.toString(), t.upstreamTariffId, t.productType, t.name,
                t.provider, prices, t.upstreamAvailable, t.upstreamRemoved, t.belowCost, t.version, t.allowBelowCost,
                modules);
    }

    private static String money(BigDecimal amount, Currency currency) {
        return amount == null ? null : Money.plain(amount, currency);
    }
}
