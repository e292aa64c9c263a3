package io.resellhub.simulator;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone:
 * {@code java -jar billmanager-simulator.jar --port 8090 --plans 200 --seed 42 --username demo --password demo-password}.
 * Stops cleanly on SIGTERM or Ctrl-C.
 */
public final class Main {

    static final String USAGE = String.join("\n",
            "Usage: java -jar billmanager-simulator.jar [options]",
            "  --port N                 TCP port (default 8090; 0 = any free port)",
            "  --bind HOST              address to bind (default 127.0.0.1; 0.0.0.0 for all interfaces)",
            "  --plans N                catalog size (default 200)",
            "  --seed N                 catalog seed (default 42)",
            "  --username U             reseller login (default demo)",
            "  --password P             reseller password (default demo-password; or env BILLMGR_SIM_PASSWORD)",
            "  --balance AMOUNT         starting balance (default 1000.00)",
            "  --currency CODE          account currency (default USD)",
            "  --single-object-lists    render every one-element list as an object",
            "  --certificate-delay D    certificate processing time (default 2s)",
            "  --session-timeout D      session inactivity expiry (default 3600s)",
            "  --hang D                 how long a 'hang' fault holds a call (default 60s)",
            "  --lang ru|en             message language when a call sends no lang (default ru)",
            "  --zone ZONE              upstream time zone for dates (default Europe/Moscow)",
            "  --quiet                  no per-call log lines",
            "  --help                   this text",
            "Durations: 500ms, 2s, 5m, 1h, plain seconds, or ISO-8601 (PT2S).");

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatorConfig config;
        try {
            config = parse(args, System.getenv("BILLMGR_SIM_PASSWORD"));
        } catch (HelpRequested e) {
            System.out.println(USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("billmanager-simulator: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        BillmanagerSimulator simulator = BillmanagerSimulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            System.out.println("[billmgr-sim] stopped");
            stopped.countDown();
        }, "billmgr-sim-shutdown"));
        printBanner(simulator, System.out);
        stopped.await();
    }

    private static void printBanner(BillmanagerSimulator simulator, PrintStream out) {
        SimulatorConfig config = simulator.config();
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        out.printf("[billmgr-sim] BILLmanager simulator listening on %s%n", simulator.baseUrl());
        out.printf("[billmgr-sim] admin API on %s (GET /_sim/state)%n", simulator.adminUrl());
        // Demo credentials of a local simulator are meant to be seen; nothing else secret is ever printed.
        out.printf("[billmgr-sim] demo credentials: username=%s password=%s%n", config.username(), config.password());
        out.printf("[billmgr-sim] %d plans (seed %d), balance %s %s%s%n", config.plans(), config.seed(),
                config.balance().toPlainString(), config.currency(),
                config.singleElementListsAsObject() ? ", single-element lists as objects" : "");
        out.printf("[billmgr-sim] started in %d ms (%d ms since JVM start)%n", simulator.startupTime().toMillis(), sinceJvmStart);
    }

    /** Command-line flags into a config; {@code envPassword} is used when no {@code --password} is given. */
    static SimulatorConfig parse(String[] args, String envPassword) {
        SimulatorConfig config = SimulatorConfig.defaults();
        String username = config.username();
        String password = envPassword != null && !envPassword.isBlank() ? envPassword : config.password();
        BigDecimal balance = config.balance();
        String currency = config.currency();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            switch (flag) {
                case "--help":
                case "-h":
                    throw new HelpRequested();
                case "--single-object-lists":
                    config = config.withSingleElementListsAsObject(true);
                    continue;
                case "--quiet":
                    config = config.withLogCalls(false);
                    continue;
                default:
                    break;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + flag);
                }
                value = args[++i];
            }
            switch (flag) {
                case "--port":
                    config = config.withPort(integer(flag, value));
                    break;
                case "--bind":
                case "--host":
                    config = config.withHost(value);
                    break;
                case "--plans":
                    config = config.withPlans(integer(flag, value));
                    break;
                case "--seed":
                    config = config.withSeed(longValue(flag, value));
                    break;
                case "--username":
                    username = value;
                    break;
                case "--password":
                    password = value;
                    break;
                case "--balance":
                    balance = decimal(flag, value);
                    break;
                case "--currency":
                    currency = value.toUpperCase(Locale.ROOT);
                    break;
                case "--certificate-delay":
                    config = config.withCertificateDelay(parseDuration(value));
                    break;
                case "--session-timeout":
                    config = config.withSessionTimeout(parseDuration(value));
                    break;
                case "--hang":
                    config = config.withHangDuration(parseDuration(value));
                    break;
                case "--lang":
                    config = config.withDefaultLang(value);
                    break;
                case "--zone":
                    try {
                        config = config.withZone(ZoneId.of(value));
                    } catch (java.time.DateTimeException e) {
                        throw new IllegalArgumentException("unknown time zone: " + value);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return config.withCredentials(username, password).withBalance(balance, currency);
    }

    /** {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, plain seconds, or ISO-8601 ({@code PT2S}). */
    static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("pt") || value.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim()));
            }
            char unit = value.charAt(value.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofMillis(new BigDecimal(value).movePointRight(3).longValueExact());
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1).trim());
            switch (unit) {
                case 's':
                    return Duration.ofSeconds(amount);
                case 'm':
                    return Duration.ofMinutes(amount);
                case 'h':
                    return Duration.ofHours(amount);
                default:
                    throw new IllegalArgumentException("bad duration: " + text);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad duration '" + text + "' (use 500ms, 2s, 5m, 1h or PT2S)");
        }
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs an integer: " + value);
        }
    }

    private static long longValue(String flag, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs an integer: " + value);
        }
    }

    private static BigDecimal decimal(String flag, String value) {
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a decimal amount: " + value);
        }
    }

    private static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
