package io.resellhub.simulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The plans the upstream sells, with the changes tests make to them (price changes, withdrawals,
 * ordering switched off). Not thread-safe: guarded by {@link Upstream}.
 */
final class Catalog {

    private final List<Plan> generated;
    private final Map<String, Plan> plans = new LinkedHashMap<>();
    /** Withdrawn plans stay known so existing services can still be renewed at their last price. */
    private final Set<String> removed = new HashSet<>();

    Catalog(List<Plan> generated) {
        this.generated = List.copyOf(generated);
        reset();
    }

    void reset() {
        plans.clear();
        removed.clear();
        for (Plan plan : generated) {
            plans.put(plan.id(), plan);
        }
    }

    /** What {@code pricelist.export} shows: withdrawn plans never, unorderable ones unless filtered out. */
    List<Plan> exported(String itemtype, boolean onlyAvailable) {
        List<Plan> result = new ArrayList<>();
        for (Plan plan : plans.values()) {
            if (removed.contains(plan.id())) {
                continue;
            }
            if (itemtype != null && !itemtype.equals(plan.itemtype())) {
                continue;
            }
            if (onlyAvailable && !plan.available()) {
                continue;
            }
            result.add(plan);
        }
        return result;
    }

    /** Any plan ever sold, withdrawn ones included. */
    Optional<Plan> find(String id) {
        return Optional.ofNullable(plans.get(id));
    }

    boolean isRemoved(String id) {
        return removed.contains(id);
    }

    Plan changePrice(String id, int period, BigDecimal cost) {
        if (cost.signum() < 0) {
            throw new IllegalArgumentException("cost must not be negative: " + cost.toPlainString());
        }
        return plans.compute(id, (key, plan) -> known(key, plan).withPrice(period, cost));
    }

    void remove(String id) {
        known(id, plans.get(id));
        removed.add(id);
    }

    Plan setAvailable(String id, boolean available) {
        return plans.compute(id, (key, plan) -> known(key, plan).withAvailable(available));
    }

    private static Plan known(String id, Plan plan) {
        if (plan == null) {
            throw new NoSuchElementException("unknown plan: " + id);
        }
        return plan;
    }
}
