package io.resellhub.commons.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount with its currency. Built from strings, compared with {@code compareTo}, combined only
 * with the same currency, and written as a plain decimal string with the currency's scale.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    /** Stored as numeric(19,4): amounts may carry at most four decimals. */
    public static final int STORAGE_SCALE = 4;
    /** How an amount travels in the API: a decimal string with a dot ({@code "12.50"}), never a float. */
    public static final String API_PATTERN = "^-?[0-9]+(\\.[0-9]+)?$";

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(String amount, String currencyCode) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currencyCode));
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isBelow(Money other) {
        return compareTo(other) < 0;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    /** The amount as the API shows it: at least the currency's usual decimals ("12.50"), never exponent notation. */
    public String toPlainString() {
        return plain(amount, currency);
    }

    public static String plain(BigDecimal amount, Currency currency) {
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        BigDecimal normalized = amount.stripTrailingZeros();
        BigDecimal shown = normalized.scale() < digits ? normalized.setScale(digits, RoundingMode.UNNECESSARY) : normalized;
        return shown.toPlainString();
    }

    /** The single rounding rule: half-up to the storage scale. */
    public static BigDecimal round(BigDecimal value) {
        return value.setScale(STORAGE_SCALE, RoundingMode.HALF_UP);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("Cannot combine " + currency + " with " + other.currency);
        }
    }

    @Override
    public String toString() {
        return toPlainString() + " " + currency.getCurrencyCode();
    }
}
