package io.resellhub.simulator;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running BILLmanager simulator: the upstream API under {@link #baseUrl()}, the admin API under
 * {@link #adminUrl()}, and the same controls as Java methods for in-process tests. Thread-safe.
 *
 * <pre>{@code
 * try (BillmanagerSimulator sim = BillmanagerSimulator.start(SimulatorConfig.defaults().withPort(0).withPlans(50))) {
 *     Plan plan = sim.orderablePlan("soft");
 *     sim.failNext("soft.order.param", 1, Fault.dropAfterProcessing());
 *     // ... drive the client against sim.baseUrl() ...
 *     assertEquals(1, sim.state().servicesWithNote(orderId).size());
 * }
 * }</pre>
 */
public final class BillmanagerSimulator implements AutoCloseable {

    static {
        // The JDK server leaves Nagle's algorithm on by default, which with delayed ACKs adds ~40 ms to
        // every call on a kept-alive connection. Read once, when the first JDK HTTP server starts, so
        // it is set before any is created; an explicit setting by the user wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorConfig config;
    private final Upstream upstream;
    private final Faults faults = new Faults();
    private final CallCounts calls = new CallCounts();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BillmanagerSimulator(SimulatorConfig config) throws IOException {
        long started = System.nanoTime();
        this.config = Objects.requireNonNull(config, "config");
        this.upstream = new Upstream(config);
        CallLog log = new CallLog(config.logCalls(), System.out);
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        this.executor = Executors.newCachedThreadPool(daemonThreads("billmgr-sim-" + server.getAddress().getPort()));
        server.setExecutor(executor); // never the dispatcher thread: a hanging call must not block the others
        server.createContext(BillmanagerHandler.PATH,
                new BillmanagerHandler(new BillmanagerApi(upstream), faults, calls, config, log));
        server.createContext(AdminHandler.PATH, new AdminHandler(this, log));
        server.createContext("/", exchange -> {
            // Not a BILLmanager path: answer like the web server in front of it would.
            exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
            HttpResponses.html(exchange, 404, HttpResponses.NGINX_404);
        });
        server.start();
        this.startupTime = Duration.ofNanos(System.nanoTime() - started);
    }

    /** Starts a simulator; use {@code withPort(0)} in tests to get a free port. */
    public static BillmanagerSimulator start(SimulatorConfig config) {
        try {
            return new BillmanagerSimulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the BILLmanager simulator on " + config.host() + ":" + config.port(), e);
        }
    }

    // --- where it runs ---------------------------------------------------------------------------

    /** The upstream URL as a reseller enters it, e.g. {@code http://127.0.0.1:40123/billmgr}. */
    public String baseUrl() {
        return root() + BillmanagerHandler.PATH;
    }

    public URI baseUri() {
        return URI.create(baseUrl());
    }

    /** The admin API, e.g. {@code http://127.0.0.1:40123/_sim}. */
    public String adminUrl() {
        return root() + AdminHandler.PATH;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public SimulatorConfig config() {
        return config;
    }

    public String username() {
        return config.username();
    }

    public String password() {
        return config.password();
    }

    /** The {@code authinfo} value for per-request authentication: {@code username:password}. */
    public String authinfo() {
        return config.username() + ":" + config.password();
    }

    /** How long {@link #start} took, catalog generation included. */
    public Duration startupTime() {
        return startupTime;
    }

    // --- catalog ---------------------------------------------------------------------------------

    /** Every plan still sold (withdrawn ones excluded), orderable or not, in export order. */
    public List<Plan> catalog() {
        return upstream.plans();
    }

    /** The plans of one item type ({@code soft}, {@code softmodule}, {@code certificate}). */
    public List<Plan> catalog(String itemtype) {
        return catalog().stream().filter(plan -> plan.itemtype().equals(itemtype)).toList();
    }

    /** The plan with this id, as currently sold. */
    public Plan plan(String planId) {
        synchronized (upstream) {
            return upstream.catalog.find(planId).orElseThrow(() -> new NoSuchElementException("unknown plan: " + planId));
        }
    }

    /** The first orderable plan of {@code itemtype} with a monthly period: what most order tests need. */
    public Plan orderablePlan(String itemtype) {
        return catalog(itemtype).stream().filter(Plan::available).filter(Plan::hasMonthlyPeriod).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no orderable " + itemtype + " plan; use more plans"));
    }

    /** Changes (or adds) the cost of one period; later exports, orders and renewals use it. */
    public Plan changePrice(String planId, int period, BigDecimal cost) {
        return upstream.changePrice(planId, period, Objects.requireNonNull(cost, "cost"));
    }

    /** Withdraws a plan: no longer exported, ordering it answers {@code unavailable}; existing services still renew. */
    public void removePlan(String planId) {
        upstream.removePlan(planId);
    }

    /** Switches {@code orderavailable}; ordering an unavailable plan answers {@code unavailable}. */
    public Plan setPlanAvailable(String planId, boolean available) {
        return upstream.setPlanAvailable(planId, available);
    }

    // --- account and sessions ----------------------------------------------------------------------

    public BigDecimal balance() {
        synchronized (upstream) {
            return upstream.account.balance();
        }
    }

    /** Sets the balance of the paying account, keeping its currency. */
    public void setBalance(BigDecimal balance) {
        upstream.setBalance(Objects.requireNonNull(balance, "balance"), null);
    }

    public void setBalance(BigDecimal balance, String currency) {
        upstream.setBalance(Objects.requireNonNull(balance, "balance"), Objects.requireNonNull(currency, "currency"));
    }

    /** Every call (and {@code func=auth}) answers {@code access} with a message naming {@code reason}. */
    public void blockAccount(String reason) {
        upstream.block(reason == null || reason.isBlank() ? "blocked by the provider" : reason);
    }

    public void unblockAccount() {
        upstream.block(null);
    }

    /** Ends every {@code func=auth} session: the next call with one answers {@code auth}. */
    public void expireSessions() {
        upstream.expireSessions();
    }

    // --- faults --------------------------------------------------------------------------------------

    /**
     * The next {@code count} calls of {@code func} (or of any function when null) suffer {@code fault}.
     * Rules fire in the order armed; one call uses at most one.
     */
    public void failNext(String func, int count, Fault fault) {
        faults.add(func, count, fault);
    }

    /** The next call of {@code func} (any function when null) suffers {@code fault}. */
    public void failNext(String func, Fault fault) {
        faults.add(func, 1, fault);
    }

    /** New services appear in service lists ({@code func=<itemtype>}) only {@code lag} after they were ordered. */
    public void setServiceListLag(Duration lag) {
        upstream.listLag = Objects.requireNonNull(lag, "lag");
    }

    public void clearFaults() {
        faults.clear();
    }

    // --- assertions ----------------------------------------------------------------------------------

    /** A consistent snapshot: balance, services, call counts, sessions, pending faults. */
    public SimulatorState state() {
        return upstream.state(calls, faults);
    }

    public List<ServiceSnapshot> services() {
        return state().services();
    }

    public long callCount(String func) {
        return calls.snapshot().getOrDefault(func, 0L);
    }

    /** Back to the state right after start: catalog, balance, services, sessions, faults and call counts. */
    public void reset() {
        upstream.reset();
        faults.clear();
        calls.clear();
    }

    /** Stops at once; calls in flight (hanging ones too) are cut off. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
            try {
                // Calls in flight are interrupted and their connections closed; wait so none outlives close().
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "BillmanagerSimulator[" + baseUrl() + ", " + config.plans() + " plans]";
    }

    private String root() {
        String host = config.host();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            host = "[::1]";
        } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true); // an in-process simulator must never keep a test JVM alive
            return thread;
        };
    }
}
