package io.resellhub.simulator;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The price of one period of a plan.
 *
 * @param period period code: {@code -100} trial, {@code -50} one day, {@code 0} lifetime, {@code N} months
 * @param cost   the cost, in the plan's currency; its scale is kept as exported ("10", "10.5", "10.0000")
 */
public record PlanPrice(int period, BigDecimal cost) {

    public static final int TRIAL = -100;
    public static final int DAY = -50;
    public static final int LIFETIME = 0;

    public PlanPrice {
        Objects.requireNonNull(cost, "cost");
        if (period < 0 && period != TRIAL && period != DAY) {
            throw new IllegalArgumentException("unknown period code: " + period);
        }
    }
}
