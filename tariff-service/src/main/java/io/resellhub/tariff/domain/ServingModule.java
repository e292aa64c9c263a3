package io.resellhub.tariff.domain;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

/**
 * A further processing module that serves a tariff besides the one it was imported from, with its upstream plan
 * and that plan's cost per period when it was set (table {@code tariff_module}).
 */
public record ServingModule(UUID processingModuleId, String upstreamTariffId, Map<Integer, BigDecimal> costs) {

    /** The highest cost of {@code period} among {@code own} and the modules' costs (null when none knows it). */
    public static BigDecimal highest(BigDecimal own, Iterable<ServingModule> modules, int period) {
        BigDecimal highest = own;
        for (ServingModule module : modules) {
            BigDecimal cost = module.costs().get(period);
            if (cost != null && (highest == null || cost.compareTo(highest) > 0)) {
                highest = cost;
            }
        }
        return highest;
    }
}
