package io.resellhub.simulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tariff plan of the simulated upstream, as {@code pricelist.export} shows it.
 *
 * @param id          stable plan id (same seed and size give the same ids)
 * @param name        display name, sometimes Cyrillic
 * @param itemtype    {@code soft}, {@code softmodule} or {@code certificate}
 * @param available   {@code orderavailable}: whether it can be ordered now
 * @param currency    ISO 4217 code of every price of the plan
 * @param prices      one price per period, ordered by period code
 * @param description optional text, or null
 * @param addons      optional add-ons (possibly empty)
 * @param extras      unknown extra fields the export carries and clients must ignore (e.g. intname)
 */
public record Plan(String id, String name, String itemtype, boolean available, String currency,
                   List<PlanPrice> prices, String description, List<PlanAddon> addons, Map<String, String> extras) {

    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(itemtype, "itemtype");
        Objects.requireNonNull(currency, "currency");
        prices = List.copyOf(prices);
        addons = List.copyOf(addons);
        extras = Collections.unmodifiableMap(new TreeMap<>(extras)); // sorted: the export must be byte-stable
    }

    /** The periods this plan can be ordered for, in export order. */
    public List<Integer> periods() {
        return prices.stream().map(PlanPrice::period).toList();
    }

    /** The cost of {@code period}, if the plan has that period. */
    public Optional<BigDecimal> price(int period) {
        return prices.stream().filter(p -> p.period() == period).map(PlanPrice::cost).findFirst();
    }

    /** Whether the plan has a renewable period of whole months (what most order tests need). */
    public boolean hasMonthlyPeriod() {
        return prices.stream().anyMatch(p -> p.period() > 0);
    }

    /** The shortest renewable period in months, or empty when the plan has only trial, day or lifetime prices. */
    public Optional<Integer> shortestMonthlyPeriod() {
        return prices.stream().map(PlanPrice::period).filter(p -> p > 0).min(Integer::compare);
    }

    Plan withAvailable(boolean available) {
        return new Plan(id, name, itemtype, available, currency, prices, description, addons, extras);
    }

    /** A copy with {@code period} costing {@code cost}; a period the plan lacked is added. */
    Plan withPrice(int period, BigDecimal cost) {
        List<PlanPrice> changed = new ArrayList<>();
        for (PlanPrice price : prices) {
            if (price.period() != period) {
                changed.add(price);
            }
        }
        changed.add(new PlanPrice(period, cost));
        changed.sort(Comparator.comparingInt(PlanPrice::period));
        return new Plan(id, name, itemtype, available, currency, changed, description, addons, extras);
    }
}
