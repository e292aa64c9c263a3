package io.resellhub.launcher;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** The BILLmanager simulator's catalog and demo account. */
public record SimulatorSettings(
        int plans,
        long seed,
        String username,
        String password,
        BigDecimal balance,
        String currency) {

    public SimulatorSettings {
        if (plans < 0) {
            throw new IllegalArgumentException("The number of plans cannot be negative: " + plans);
        }
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(currency, "currency");
    }

    public static SimulatorSettings defaults() {
        return new SimulatorSettings(200, 42, "demo", "demo-password", new BigDecimal("1000.00"), "USD");
    }

    /** The simulator's command-line arguments. */
    public List<String> arguments(int port) {
        return List.of("--port", Integer.toString(port),
                "--plans", Integer.toString(plans),
                "--seed", Long.toString(seed),
                "--username", username,
                "--password", password,
                "--balance", balance.toPlainString(),
                "--currency", currency);
    }
}
