package io.resellhub.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.resellhub.localinfra.KafkaBroker;
import io.resellhub.localinfra.LogFiles;
import io.resellhub.localinfra.PostgresServer;
import io.resellhub.localinfra.Stopwatch;

/**
 * The handle on a started local stack ({@link LocalStack#start}). {@link #close()} stops everything: the
 * services in reverse start order, then the simulator, Kafka and PostgreSQL. A JVM shutdown hook calls it
 * too, so Ctrl-C or SIGTERM leave nothing running.
 */
public final class RunningStack implements AutoCloseable {

    private final LocalStackConfig config;
    private final LocalLayout layout;
    private final PrintStream out;
    private final Thread shutdownHook;
    private final CompletableFuture<String> closedSignal = new CompletableFuture<>();

    private PostgresServer postgres;
    private KafkaBroker kafka;
    private Child simulator;
    private final Map<ServiceInstance, Child> services = new LinkedHashMap<>();
    private String adminToken;
    private String viewerToken;
    private Duration startupTime;
    /** Set by {@link #stopPostgres} until {@link #startPostgres}: that exit is no crash. */
    private volatile boolean postgresStopped;
    /** Set by {@link #stopKafka} until {@link #startKafka}: that exit is no crash. */
    private volatile boolean kafkaStopped;
    private volatile boolean closing;
    private boolean closed;

    RunningStack(LocalStackConfig config, LocalLayout layout, PrintStream out) {
        this.config = config;
        this.layout = layout;
        this.out = out;
        this.shutdownHook = new Thread(this::close, "local-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The gateway's base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String gatewayUrl() {
        return serviceUrl(Service.GATEWAY);
    }

    /** The base URL of {@code service} (its first replica). */
    public String serviceUrl(Service service) {
        return serviceUrl(service, 1);
    }

    /** The base URL of replica {@code replica} (1-based) of {@code service} ({@link LocalStackConfig#replicas}). */
    public String serviceUrl(Service service, int replica) {
        ServiceInstance instance = new ServiceInstance(service, replica);
        if (replica > 1 && !config.serviceInstances().contains(instance)) {
            throw new IllegalArgumentException(instance.name() + " is not part of this stack");
        }
        return ServiceEnvironment.url(instance.port(config.ports()));
    }

    /**
     * The base URL of the management interface of {@code service} (its first replica): {@code /q/health} and
     * {@code /q/metrics}, which the API port does not serve.
     */
    public String managementUrl(Service service) {
        return managementUrl(service, 1);
    }

    /** The base URL of the management interface of replica {@code replica} (1-based) of {@code service}. */
    public String managementUrl(Service service, int replica) {
        ServiceInstance instance = new ServiceInstance(service, replica);
        if (replica > 1 && !config.serviceInstances().contains(instance)) {
            throw new IllegalArgumentException(instance.name() + " is not part of this stack");
        }
        return ServiceEnvironment.url(instance.managementPort(config.ports()));
    }

    /** The base URLs of the management interfaces of every replica of {@code service}, the first one first. */
    public List<String> managementUrls(Service service) {
        return config.serviceInstances().stream()
                .filter(instance -> instance.service() == service)
                .map(instance -> ServiceEnvironment.url(instance.managementPort(config.ports())))
                .toList();
    }

    /** The base URLs of every replica of {@code service}, the first one first. */
    public List<String> serviceUrls(Service service) {
        return config.serviceInstances().stream()
                .filter(instance -> instance.service() == service)
                .map(instance -> ServiceEnvironment.url(instance.port(config.ports())))
                .toList();
    }

    /** Whether the simulator runs (it is skipped when its jar is not found). */
    public boolean simulatorRunning() {
        return simulator != null;
    }

    /** The simulator's base URL, e.g. {@code http://127.0.0.1:8090}. */
    public String simulatorUrl() {
        if (simulator == null) {
            throw new IllegalStateException("The BILLmanager simulator is not running (its jar was not found)");
        }
        return ServiceEnvironment.url(config.ports().simulator());
    }

    /** The simulator's demo account. */
    public SimulatorSettings simulatorSettings() {
        return config.simulator();
    }

    /** A bearer token with role {@code admin} (also in {@code .local/admin.token}). */
    public String adminToken() {
        return adminToken;
    }

    /** A bearer token with role {@code viewer} (also in {@code .local/viewer.token}). */
    public String viewerToken() {
        return viewerToken;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public LocalStackConfig config() {
        return config;
    }

    /** The state directory ({@code .local}). */
    public Path localDir() {
        return layout.dir();
    }

    /**
     * The log file of a component: a service id ({@code module-service-2} for a second replica), {@code simulator},
     * {@code kafka} or {@code postgres}.
     */
    public Path logFile(String component) {
        return layout.log(component);
    }

    /** From the start call until every service was ready. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Blocks until a part of the stack exits on its own, and describes it (exit code, end of its log).
     * Empty when the stack was closed instead.
     */
    public Optional<String> awaitUnexpectedExit() throws InterruptedException {
        List<CompletableFuture<String>> exits = new ArrayList<>();
        exits.add(closedSignal);
        synchronized (this) {
            for (Child child : services.values()) {
                // A JVM ended by kill() exited on purpose: its exit never completes the wait.
                exits.add(child.onExit().thenCompose(process -> child.killed() ? new CompletableFuture<String>()
                        : CompletableFuture.completedFuture(child.describeExit("while the stack was running"))));
            }
            if (simulator != null) {
                Child child = simulator;
                exits.add(child.onExit().thenApply(process -> child.describeExit("while the stack was running")));
            }
            if (kafka != null) {
                kafka.process().ifPresent(process -> exits.add(process.onExit().thenCompose(exited ->
                        kafkaStopped ? new CompletableFuture<String>() : CompletableFuture.completedFuture(
                        "The Kafka broker exited with code " + exited.exitValue() + " while the stack was running."
                                + " Last lines of " + LocalLayout.display(layout.log("kafka")) + ":"
                                + System.lineSeparator()
                                + LogFiles.tailBlock(layout.log("kafka"), Child.LOG_TAIL_LINES)))));
            }
            if (postgres != null) {
                postgres.postmaster().ifPresent(postmaster -> exits.add(postmaster.onExit().thenCompose(exited ->
                        postgresStopped ? new CompletableFuture<String>() : CompletableFuture.completedFuture(
                        "PostgreSQL (postmaster pid " + exited.pid() + ") exited while the stack was running."
                                + " Last lines of " + LocalLayout.display(layout.log("postgres")) + ":"
                                + System.lineSeparator()
                                + LogFiles.tailBlock(layout.log("postgres"), Child.LOG_TAIL_LINES)))));
            }
        }
        try {
            Object first = CompletableFuture.anyOf(exits.toArray(CompletableFuture[]::new)).get();
            return closing ? Optional.empty() : Optional.ofNullable((String) first);
        } catch (ExecutionException e) {
            return Optional.of("Watching the stack failed: " + e.getCause());
        }
    }

    /**
     * Kills one service JVM with SIGKILL, as a crash or the OOM killer would: no graceful shutdown, nothing
     * flushed, its database claims and Kafka group membership left to time out. Returns once it has exited;
     * its log ({@link #logFile}) ends with a line marking the kill. {@link #awaitUnexpectedExit} does not report
     * this exit; {@link #restart} starts it again; {@link #close} finds it already exited.
     *
     * @return the pid that was killed
     * @throws IllegalArgumentException if {@code instance} is not part of this stack
     * @throws LocalStackException if it is not running, or did not exit within the stop timeout
     */
    public long kill(ServiceInstance instance) {
        Child child;
        synchronized (this) {
            child = started(instance);
            if (closing) {
                throw LocalStackException.stopRequested();
            }
        }
        int code = child.kill(config.stopTimeout());
        out.println("==> " + instance.name() + " (pid " + child.pid() + ") killed with SIGKILL, exit code " + code);
        return child.pid();
    }

    /**
     * Starts one service JVM again exactly as the stack first started it (the same command, HTTP port and
     * environment, {@link LocalStackConfig#serviceEnvironment()} included), its output appended to the same
     * log, and returns once it answers {@code /q/health/ready} (management port) with 200. One still running is stopped first
     * (SIGTERM, SIGKILL after the stop timeout).
     *
     * @throws IllegalArgumentException if {@code instance} is not part of this stack
     * @throws LocalStackException if it exits or does not get ready within the ready timeout (with the end of its
     *         log), or the stack is closed meanwhile
     */
    public void restart(ServiceInstance instance) {
        Child child;
        synchronized (this) {
            Child old = started(instance);
            if (closing) {
                throw LocalStackException.stopRequested();
            }
            if (old.isAlive()) {
                out.println("    " + instance.name() + " " + old.stop(config.stopTimeout()));
            }
            out.println("==> Restarting " + instance.name() + " on "
                    + ServiceEnvironment.url(instance.port(config.ports())) + " (log appended to "
                    + LocalLayout.display(old.log()) + ")");
            child = old.relaunch();
            serviceStarted(instance, child);
        }
        LocalStack.awaitReady(config, Map.of(instance, child), this, out);
    }

    /**
     * Stops PostgreSQL (fast shutdown: every session is ended, as a database restart or failover ends them) and
     * returns once it is down; the services keep running. {@link #startPostgres} starts it again. For drills:
     * {@link #awaitUnexpectedExit} does not report this exit, and does not watch the restarted server.
     */
    public void stopPostgres() {
        PostgresServer server;
        synchronized (this) {
            if (closing) {
                throw LocalStackException.stopRequested();
            }
            server = postgres;
            postgresStopped = true;
        }
        Stopwatch stopwatch = Stopwatch.start();
        server.close();
        out.println("==> PostgreSQL stopped in " + stopwatch);
    }

    /** Starts PostgreSQL again on the same port and data after {@link #stopPostgres}, its log appended. */
    public void startPostgres() {
        synchronized (this) {
            if (closing) {
                throw LocalStackException.stopRequested();
            }
            Stopwatch stopwatch = Stopwatch.start();
            PostgresServer server = PostgresServer.builder()
                    .port(config.ports().postgres())
                    .dataDirectory(layout.postgresData())
                    .logFile(layout.log("postgres"))
                    .start();
            postgresStarted(server);
            postgresStopped = false;
            out.println("==> PostgreSQL started again on 127.0.0.1:" + config.ports().postgres() + " in " + stopwatch);
        }
    }

    /**
     * Stops the Kafka broker (SIGTERM: a controlled shutdown, as a broker restart does it) and returns once it
     * is down; the services keep running, their events waiting in the outboxes. {@link #startKafka} starts it
     * again. For drills: {@link #awaitUnexpectedExit} does not report this exit, and does not watch the
     * restarted broker.
     */
    public void stopKafka() {
        KafkaBroker broker;
        synchronized (this) {
            if (closing) {
                throw LocalStackException.stopRequested();
            }
            broker = kafka;
            kafkaStopped = true;
        }
        Stopwatch stopwatch = Stopwatch.start();
        broker.close();
        out.println("==> Kafka stopped in " + stopwatch);
    }

    /** Starts the Kafka broker again on the same ports and data after {@link #stopKafka}, its log appended. */
    public void startKafka() {
        synchronized (this) {
            if (closing) {
                throw LocalStackException.stopRequested();
            }
            Stopwatch stopwatch = Stopwatch.start();
            KafkaBroker broker = KafkaBroker.builder()
                    .port(config.ports().kafka())
                    .controllerPort(config.ports().kafkaController())
                    .dataDirectory(layout.kafkaData())
                    .logFile(layout.log("kafka"))
                    .maxHeap(config.kafkaXmx())
                    .start();
            kafkaStarted(broker);
            kafkaStopped = false;
            out.println("==> Kafka started again on 127.0.0.1:" + config.ports().kafka() + " in " + stopwatch);
        }
    }

    private Child started(ServiceInstance instance) {
        Child child = services.get(instance);
        if (child == null) {
            throw new IllegalArgumentException(instance.name() + " is not part of this stack");
        }
        return child;
    }

    /** Stops everything that was started, in reverse order. Idempotent; also run by a shutdown hook. */
    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            Stopwatch stopwatch = Stopwatch.start();
            out.println("==> Stopping the local stack");
            List<ServiceInstance> running = new ArrayList<>(services.keySet());
            for (int i = running.size() - 1; i >= 0; i--) {
                Child child = services.get(running.get(i));
                out.println("    " + child.name() + " " + child.stop(config.stopTimeout()));
            }
            if (simulator != null) {
                out.println("    simulator " + simulator.stop(config.stopTimeout()));
            }
            if (kafka != null) {
                Stopwatch kafkaStop = Stopwatch.start();
                kafka.close();
                out.println("    Kafka stopped in " + kafkaStop);
            }
            if (postgres != null) {
                Stopwatch postgresStop = Stopwatch.start();
                postgres.close();
                out.println("    PostgreSQL stopped in " + postgresStop);
            }
            out.println("==> Local stack stopped in " + stopwatch);
            out.flush();
        }
        closedSignal.complete(null);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook
        }
    }

    boolean isClosing() {
        return closing;
    }

    synchronized void postgresStarted(PostgresServer postgres) {
        this.postgres = postgres;
        stopIfClosing(postgres::close);
    }

    synchronized void kafkaStarted(KafkaBroker kafka) {
        this.kafka = kafka;
        stopIfClosing(kafka::close);
    }

    synchronized void simulatorStarted(Child simulator) {
        this.simulator = simulator;
        stopIfClosing(() -> simulator.stop(config.stopTimeout()));
    }

    synchronized void serviceStarted(ServiceInstance instance, Child child) {
        services.put(instance, child);
        stopIfClosing(() -> child.stop(config.stopTimeout()));
    }

    void ready(String adminToken, String viewerToken, Duration startupTime) {
        this.adminToken = adminToken;
        this.viewerToken = viewerToken;
        this.startupTime = startupTime;
    }

    /** A part that came up after close() began would be missed by it: stop it here and abandon the start. */
    private void stopIfClosing(Runnable stop) {
        if (closed) {
            stop.run();
            throw LocalStackException.stopRequested();
        }
        if (closing) {
            throw LocalStackException.stopRequested();
        }
    }
}
