package io.resellhub.module.upstream;

import java.math.BigDecimal;

/**
 * The paying (first) account of the upstream user, from {@code func=account}.
 *
 * @param balance  may be negative when credit is allowed
 * @param currency ISO 4217 code; null when the upstream does not send it
 * @param credit   credit limit; zero when the upstream does not send it
 */
public record AccountBalance(BigDecimal balance, String currency, BigDecimal credit) {
}
