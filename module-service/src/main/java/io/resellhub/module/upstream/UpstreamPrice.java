package io.resellhub.module.upstream;

import java.math.BigDecimal;

/**
 * One period of an upstream plan with our (reseller) cost.
 *
 * @param period period code: {@code -100} trial, {@code -50} one day, {@code 0} lifetime, {@code N} months
 * @param cost   what the upstream charges us for that period, in the plan's currency
 */
public record UpstreamPrice(int period, BigDecimal cost) {
}
