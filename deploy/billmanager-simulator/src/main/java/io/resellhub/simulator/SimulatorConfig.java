package io.resellhub.simulator;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Everything a simulator instance is started with. Immutable; start from {@link #defaults()} and
 * change what the test needs with the {@code with*} methods.
 *
 * @param host                       address the HTTP server binds to (and the host of {@code baseUrl()})
 * @param port                       TCP port; {@code 0} picks a free one
 * @param plans                      size of the generated catalog
 * @param seed                       catalog seed: same seed and size give the same catalog, byte for byte
 * @param username                   login of the simulated reseller account
 * @param password                   its password
 * @param balance                    starting balance of the paying account
 * @param currency                   ISO 4217 code of the paying account
 * @param singleElementListsAsObject render every one-element list as an object (older upstreams do)
 * @param certificateDelay           how long an ordered certificate stays "processing" (status 5)
 * @param sessionTimeout             inactivity after which a {@code func=auth} session expires
 * @param hangDuration               how long a {@link Fault#hang()} holds the connection before closing it
 * @param defaultLang                message language when a call sends no {@code lang} ("ru" like most upstreams)
 * @param zone                       the upstream's local time zone, for dates such as {@code expiredate}
 * @param clock                      time source; tests pass a {@link MutableClock} to move time on purpose
 * @param logCalls                   print one line per call (function, format, outcome, ms) to stdout
 */
public record SimulatorConfig(
        String host,
        int port,
        int plans,
        long seed,
        String username,
        String password,
        BigDecimal balance,
        String currency,
        boolean singleElementListsAsObject,
        Duration certificateDelay,
        Duration sessionTimeout,
        Duration hangDuration,
        String defaultLang,
        ZoneId zone,
        Clock clock,
        boolean logCalls) {

    public static final String DEFAULT_USERNAME = "demo";
    public static final String DEFAULT_PASSWORD = "demo-password";

    public SimulatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(certificateDelay, "certificateDelay");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(hangDuration, "hangDuration");
        Objects.requireNonNull(defaultLang, "defaultLang");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (plans < 0) {
            throw new IllegalArgumentException("plans must not be negative: " + plans);
        }
        if (username.isEmpty() || username.contains(":")) {
            throw new IllegalArgumentException("username must be non-empty and contain no ':'");
        }
        if (currency.length() != 3) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code: " + currency);
        }
        if (certificateDelay.isNegative() || sessionTimeout.isNegative() || hangDuration.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** Port 8090, 200 plans, seed 42, demo/demo-password, 1000.00 USD, lists as arrays, real clock. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig("127.0.0.1", 8090, 200, 42L, DEFAULT_USERNAME, DEFAULT_PASSWORD,
                new BigDecimal("1000.00"), "USD", false, Duration.ofSeconds(2), Duration.ofSeconds(3600),
                Duration.ofSeconds(60), "ru", ZoneId.of("Europe/Moscow"), Clock.systemUTC(), true);
    }

    public SimulatorConfig withHost(String host) {
        return new SimulatorConfig(host, port, plans, seed, username, password, balance, currency,
                singleElementListsAsObject, certificateDelay, sessionTimeout, hangDuration, defaultLang, zone, clock, logCalls);
    }

    public SimulatorConfig withPort(int port) {
        return new SimulatorConfig(host, port, plans, seed, username, password, balance, currency,
                singleElementListsAsObject, certificateDelay, sessionTimeout, hangDuration, defaultLang, zone, clock, logCalls);
    }

    public SimulatorConfig withPlans(int plans) {
        return new SimulatorConfig(host, port, plans, seed, username, password, balance, currency,
                singleElementListsAsObject, certificateDelay, sessionTimeout, hangDuration, defaultLang, zone, clock, logCalls);
    }

    public SimulatorConfig withSeed(long seed) {
        return new SimulatorConfig(host, port, plans, seed, username, password, balance, currency,
                singleElementListsAsObject, certificateDelay, sessionTimeout, hangDuration, defaultLang, zone, clock, logCalls);
    }

    public SimulatorConfig withCredentials(String username, String password) {
        return new SimulatorConfig(host, port, plans, seed, username, password, balance, currency,
                singleElementListsAsObject, certificateDelay, sessionTimeout, hangDuration, defaultLang, zone, clock, logCalls);
    }

    public SimulatorConfig withBalance(BigDecimal balance, String currency) {
        return new SimulatorConfig(host, port, plans, seed, username, password, balance, currency,
                singleElementListsAsObject, certificateDelay, sessionTimeout, hangDuration, defaultLang, zone, clock, logCalls);
    }

    public SimulatorConfig withSingleElementListsAsObject(boolean singleElementListsAsObject) {
        return new SimulatorConfig(host, port, plans, seed, username, password, balance, currency,
                singleElementListsAsObject, certificateDelay, sessionTimeout, hangDuration, defaultLang, zone, clock, logCalls);
    }

    public SimulatorConfig withCertificateDelay(Duration certificateDelay) {
        return new SimulatorConfig(host, port, plans, seed, username, password, balance, currency,
                singleElementListsAsObject, certificateDelay, sessionTimeout, hangDuration, defaultLang, zone, clock, logCalls);
    }

    public SimulatorConfig withSessionTimeout(Duration sessionTimeout) {
        return new SimulatorConfig(host, port, plans, seed, username, password, balance, currency,
                singleElementListsAsObject, certificateDelay, sessionTimeout, hangDuration, defaultLang, zone, clock, logCalls);
    }

    public SimulatorConfig withHangDuration(Duration hangDuration) {
        return new SimulatorConfig(host, port, plans, seed, username, password, balance, currency,
                singleElementListsAsObject, certificateDelay, sessionTimeout, hangDuration, defaultLang, zone, clock, logCalls);
    }

    public SimulatorConfig withDefaultLang(String defaultLang) {
        return new SimulatorConfig(host, port, plans, seed, username, password, balance, currency,
                singleElementListsAsObject, certificateDelay, sessionTimeout, hangDuration, defaultLang, zone, clock, logCalls);
    }

    public SimulatorConfig withZone(ZoneId zone) {
        return new SimulatorConfig(host, port, plans, seed, username, password, balance, currency,
                singleElementListsAsObject, certificateDelay, sessionTimeout, hangDuration, defaultLang, zone, clock, logCalls);
    }

    public SimulatorConfig withClock(Clock clock) {
        return new SimulatorConfig(host, port, plans, seed, username, password, balance, currency,
                singleElementListsAsObject, certificateDelay, sessionTimeout, hangDuration, defaultLang, zone, clock, logCalls);
    }

    public SimulatorConfig withLogCalls(boolean logCalls) {
        return new SimulatorConfig(host, port, plans, seed, username, password, balance, currency,
                singleElementListsAsObject, certificateDelay, sessionTimeout, hangDuration, defaultLang, zone, clock, logCalls);
    }

    /** Redacts the password: configs end up in test reports and logs. */
    @Override
    public String toString() {
        return "SimulatorConfig[host=" + host + ", port=" + port + ", plans=" + plans + ", seed=" + seed
                + ", username=" + username + ", password=***, balance=" + balance.toPlainString() + " " + currency
                + ", singleElementListsAsObject=" + singleElementListsAsObject + ", certificateDelay=" + certificateDelay
                + ", sessionTimeout=" + sessionTimeout + ", hangDuration=" + hangDuration + ", defaultLang=" + defaultLang
                + ", zone=" + zone + ", clock=" + clock + ", logCalls=" + logCalls + "]";
    }
}
