package io.resellhub.tariff.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.TreeMap;

import io.resellhub.commons.money.Money;
import io.resellhub.tariff.client.UpstreamPlan;
import io.resellhub.tariff.domain.Periods;

/**
 * What of an upstream plan can be sold: its sellable periods with their cost (rounded to the storage
 * scale), the periods left out with the reason (reported, never dropped silently), or why the whole
 * plan cannot be imported.
 */
record PlanPrices(TreeMap<Integer, BigDecimal> costs, List<String> warnings, String failure) {

    static PlanPrices of(UpstreamPlan plan) {
        List<String> warnings = new ArrayList<>();
        TreeMap<Integer, BigDecimal> costs = new TreeMap<>();
        if (plan.upstreamId() == null || plan.upstreamId().isBlank()) {
            return new PlanPrices(costs, warnings, "the plan has no upstream id");
        }
        if (plan.currency() == null || !isCurrency(plan.currency())) {
            return new PlanPrices(costs, warnings, "the plan has no valid currency (" + plan.currency() + ")");
        }
        for (UpstreamPlan.Price price : plan.pricesOrEmpty()) {
            if (price == null || price.period() == null || price.cost() == null) {
                warnings.add("a price without period or cost was left out");
            } else if (!Periods.isSellable(price.period())) {
                warnings.add("period " + Periods.describe(price.period()) + " cannot be sold; not imported");
            } else if (price.cost().signum() < 0) {
                warnings.add("period " + Periods.describe(price.period()) + " has a negative cost; not imported");
            } else if (costs.putIfAbsent(price.period(), Money.round(price.cost())) != null) {
                warnings.add("period " + Periods.describe(price.period()) + " is listed twice; the first cost is used");
            }
        }
        if (costs.isEmpty()) {
            return new PlanPrices(costs, warnings, "the plan has no sellable period (0 = lifetime or N months)");
        }
        return new PlanPrices(costs, warnings, null);
    }

    private static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
