package io.resellhub.simulator;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The reseller's paying account upstream. Orders and renewals debit the plan's price as a plain
 * number even when the plan's currency differs from the account's: the simulator does no exchange.
 * Not thread-safe: guarded by {@link Upstream}.
 */
final class Account {

    private final BigDecimal initialBalance;
    private final String initialCurrency;
    private BigDecimal balance;
    private String currency;
    private String blockReason;

    Account(BigDecimal balance, String currency) {
        this.initialBalance = balance;
        this.initialCurrency = currency;
        reset();
    }

    void reset() {
        balance = initialBalance;
        currency = initialCurrency;
        blockReason = null;
    }

    BigDecimal balance() {
        return balance;
    }

    String currency() {
        return currency;
    }

    /** No credit is granted: an amount above the balance cannot be paid. */
    boolean canPay(BigDecimal amount) {
        return balance.compareTo(amount) >= 0;
    }

    void debit(BigDecimal amount) {
        if (!canPay(amount)) {
            throw new IllegalStateException("debit above the balance");
        }
        balance = balance.subtract(amount);
    }

    void setBalance(BigDecimal balance, String currency) {
        this.balance = Objects.requireNonNull(balance, "balance");
        this.currency = Objects.requireNonNull(currency, "currency");
    }

    boolean blocked() {
        return blockReason != null;
    }

    String blockReason() {
        return blockReason;
    }

    /** @param reason named in the {@code access} message; null unblocks */
    void block(String reason) {
        this.blockReason = reason;
    }
}
