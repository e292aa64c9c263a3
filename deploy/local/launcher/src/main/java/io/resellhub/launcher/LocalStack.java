package io.resellhub.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.resellhub.localinfra.ChildProcesses;
import io.resellhub.localinfra.JwtTokens;
import io.resellhub.localinfra.KafkaBroker;
import io.resellhub.localinfra.LogFiles;
import io.resellhub.localinfra.Ports;
import io.resellhub.localinfra.PostgresServer;
import io.resellhub.localinfra.ProcessWatchdog;
import io.resellhub.localinfra.Stopwatch;
import io.resellhub.localinfra.Topics;

/**
 * The whole system on one machine with one command: a real PostgreSQL, a real Kafka broker, the BILLmanager
 * simulator and the four services, each service a separate JVM. State lives in {@code .local/} and is
 * reused by the next start. Ctrl-C stops everything.
 *
 * <p>From the command line ({@code deploy/local/run.sh}, or {@code java -cp ... io.resellhub.launcher.LocalStack
 * [--root DIR]}), configured by environment variables ({@code --help} lists them); or programmatically with
 * {@link #start(LocalStackConfig)}.
 */
public final class LocalStack {

    static final List<String> DATABASES = List.of("module_service", "tariff_service", "reselling_service");

    private static final Duration SIMULATOR_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final int LABEL_WIDTH = 20;
    private static final int SERVICE_TOKEN_DAYS = 30;

    private LocalStack() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Path root = Path.of("");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    printHelp(System.out);
                    return;
                }
                case "--root" -> {
                    if (i + 1 >= args.length) {
                        exitWithUsage("--root needs a directory");
                    }
                    root = Path.of(args[++i]);
                }
                default -> exitWithUsage("Unknown argument: " + args[i]);
            }
        }
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("pom.xml"))) {
            exitWithUsage(root + " is not the repository root (no pom.xml); run from there or pass --root");
        }

        LocalStackConfig config;
        try {
            config = LocalStackConfig.fromEnvironment(System.getenv(), root);
        } catch (IllegalArgumentException e) {
            exitWithUsage(e.getMessage());
            return;
        }

        RunningStack stack;
        try {
            stack = start(config, System.out);
        } catch (LocalStackException e) {
            if (e.isStopRequested()) {
                return; // Ctrl-C while starting: the shutdown hook stops what was started
            }
            System.err.println();
            System.err.println("ERROR: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            Optional<String> failure = stack.awaitUnexpectedExit();
            if (failure.isPresent()) {
                System.err.println();
                System.err.println("ERROR: " + failure.get());
                stack.close();
                System.exit(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stack.close();
        }
    }

    /** {@link #start(LocalStackConfig, PrintStream)} reporting to standard output. */
    public static RunningStack start(LocalStackConfig config) {
        return start(config, System.out);
    }

    /**
     * Starts the stack and returns once every service answers {@code /q/health/ready} (on its management port)
     * with 200.
     *
     * @throws LocalStackException with a message naming the problem (a busy port, a missing build, a part
     *         that crashed or did not get ready, with the end of its log); whatever had started is stopped
     */
    public static RunningStack start(LocalStackConfig config, PrintStream out) {
        Stopwatch total = Stopwatch.start();
        LocalLayout layout = new LocalLayout(config.localDir());
        out.println("==> resellhub local stack: repository " + config.root() + ", state in " + layout.dir());
        RunningStack stack = null;
        try {
            Optional<Path> simulatorJar = checkPrerequisites(config, out);
            layout.createDirectories();
            String credentialsKey = layout.credentialsKey();
            JwtTokens tokens = JwtTokens.loadOrCreate(layout.jwt(), config.jwtIssuer());
            ProcessWatchdog watchdog = ProcessWatchdog.shared();

            stack = new RunningStack(config, layout, out);
            PostgresServer postgres = startPostgres(config, layout, stack, out);
            KafkaBroker kafka = startKafka(config, layout, stack, out);
            if (simulatorJar.isPresent()) {
                startSimulator(config, layout, simulatorJar.get(), watchdog, stack, out);
            } else {
                out.println("==> BILLmanager simulator SKIPPED: no jar found (not on the class path, nothing in "
                        + config.root().resolve(SimulatorJar.MODULE_TARGET) + "). Build deploy/billmanager-simulator"
                        + " or set " + Setting.SIMULATOR_JAR + ".");
            }
            ServiceEnvironment.Inputs inputs = new ServiceEnvironment.Inputs(config.ports(), config.replicas(),
                    kafka.bootstrapServers(), postgres.username(), postgres.password(), credentialsKey,
                    config.credentialsKeyId(),
                    layout.jwt().resolve(JwtTokens.PUBLIC_KEY_FILE), config.jwtIssuer(), serviceTokens(tokens),
                    config.serviceEnvironment());
            startServices(config, layout, inputs, watchdog, stack, out);

            String adminToken = tokens.issue("local-admin", "admin@resellhub.local", List.of(JwtTokens.ADMIN),
                    config.tokenTtl());
            String viewerToken = tokens.issue("local-viewer", "viewer@resellhub.local", List.of(JwtTokens.VIEWER),
                    config.tokenTtl());
            layout.writeTokens(adminToken, viewerToken);
            stack.ready(adminToken, viewerToken, total.elapsed());
            printSummary(stack, layout, out);
            return stack;
        } catch (RuntimeException e) {
            if (stack != null) {
                stack.close();
            }
            if (e instanceof LocalStackException) {
                throw e;
            }
            throw new LocalStackException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    /**
     * The tokens the services that call other services send on their own account (role {@code service}): tariff-service
     * (module-service, also from background imports) and reselling-service (tariff-service, when enabling).
     * Issued at every start, valid for {@value #SERVICE_TOKEN_DAYS} days: longer than any run, unlike the
     * admin token.
     */
    private static Map<Service, String> serviceTokens(JwtTokens tokens) {
        Map<Service, String> serviceTokens = new EnumMap<>(Service.class);
        for (Service caller : List.of(Service.TARIFF_SERVICE, Service.RESELLING_SERVICE)) {
            serviceTokens.put(caller, tokens.issue(caller.id(), List.of(JwtTokens.SERVICE),
                    Duration.ofDays(SERVICE_TOKEN_DAYS)));
        }
        return serviceTokens;
    }

    /**
     * Fails before anything starts when a service is not built or a port is taken.
     *
     * @return the simulator to run, if one was found
     */
    private static Optional<Path> checkPrerequisites(LocalStackConfig config, PrintStream out) {
        List<String> missing = config.services().stream()
                .filter(service -> !Files.isRegularFile(service.runJar(config.root())))
                .map(service -> "  " + service.id() + ": " + service.runJar(config.root()) + " is missing")
                .collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw new LocalStackException("Some services are not built:" + System.lineSeparator()
                    + String.join(System.lineSeparator(), missing) + System.lineSeparator()
                    + "Build them with ./mvnw -B -DskipTests package (deploy/local/run.sh does so when needed),"
                    + " or choose the services to run with " + Setting.LOCAL_SERVICES + ".");
        }
        Optional<Path> simulatorJar = SimulatorJar.find(config);
        List<PortCheck.Claim> claims = PortCheck.claims(config, simulatorJar.isPresent());
        PortCheck.problems(claims, Ports::isFree).ifPresent(problems -> {
            throw new LocalStackException(problems);
        });
        out.println("==> Ports free: " + claims.stream().map(claim -> claim.component() + " " + claim.port())
                .collect(Collectors.joining(", ")));
        return simulatorJar;
    }

    private static PostgresServer startPostgres(LocalStackConfig config, LocalLayout layout, RunningStack stack,
            PrintStream out) {
        out.println("==> Starting PostgreSQL on 127.0.0.1:" + config.ports().postgres());
        Stopwatch stopwatch = Stopwatch.start();
        PostgresServer postgres = PostgresServer.builder()
                .port(config.ports().postgres())
                .dataDirectory(layout.postgresData())
                .logFile(layout.freshLog("postgres"))
                .start();
        stack.postgresStarted(postgres);
        DATABASES.forEach(postgres::ensureDatabase);
        out.println("    PostgreSQL " + postgres.versionNumber() + " ready in " + stopwatch + ", databases "
                + String.join(", ", DATABASES));
        return postgres;
    }

    private static KafkaBroker startKafka(LocalStackConfig config, LocalLayout layout, RunningStack stack,
            PrintStream out) {
        out.println("==> Starting Kafka on 127.0.0.1:" + config.ports().kafka() + " (controller "
                + config.ports().kafkaController() + ")");
        Stopwatch stopwatch = Stopwatch.start();
        KafkaBroker kafka = KafkaBroker.builder()
                .port(config.ports().kafka())
                .controllerPort(config.ports().kafkaController())
                .dataDirectory(layout.kafkaData())
                .logFile(layout.freshLog("kafka"))
                .maxHeap(config.kafkaXmx())
                .start();
        stack.kafkaStarted(kafka);
        Topics.createAll(kafka);
        out.println("    Kafka " + KafkaBroker.kafkaVersion() + " (KRaft) ready in " + stopwatch + ", topics "
                + String.join(", ", Topics.all()));
        return kafka;
    }

    private static void startSimulator(LocalStackConfig config, LocalLayout layout, Path jar,
            ProcessWatchdog watchdog, RunningStack stack, PrintStream out) {
        int port = config.ports().simulator();
        out.println("==> Starting the BILLmanager simulator on " + ServiceEnvironment.url(port) + " ("
                + LocalLayout.display(jar) + ")");
        // C1 only, as the services by default: on a small machine the stand-in for the upstream should not spend
        // a core on C2 compilations while a benchmark or a drill measures the services.
        List<String> command = new ArrayList<>(List.of(ChildProcesses.javaExecutable(),
                "-Xmx" + config.simulatorXmx(), "-XX:TieredStopAtLevel=1", "-cp", jar.toString(),
                SimulatorJar.MAIN_CLASS));
        command.addAll(config.simulator().arguments(port));
        Child simulator = Child.start("simulator", command, config.root(), Map.of(), layout.freshLog("simulator"),
                watchdog);
        stack.simulatorStarted(simulator);
        long deadline = System.nanoTime() + SIMULATOR_START_TIMEOUT.toNanos();
        while (!Ports.isListening(port)) {
            if (!simulator.isAlive()) {
                throw new LocalStackException(simulator.describeExit("while starting"));
            }
            if (System.nanoTime() > deadline) {
                throw new LocalStackException("The simulator did not listen on port " + port + " within "
                        + SIMULATOR_START_TIMEOUT.toSeconds() + " s. Last lines of "
                        + LocalLayout.display(simulator.log()) + ":" + System.lineSeparator()
                        + LogFiles.tailBlock(simulator.log(), Child.LOG_TAIL_LINES));
            }
            pause(stack);
        }
        out.println("    simulator ready in " + Stopwatch.format(simulator.sinceStart()) + ", "
                + config.simulator().plans() + " plans, demo account " + config.simulator().username());
    }

    private static void startServices(LocalStackConfig config, LocalLayout layout, ServiceEnvironment.Inputs inputs,
            ProcessWatchdog watchdog, RunningStack stack, PrintStream out) {
        if (config.services().isEmpty()) {
            out.println("==> No services to start (" + Setting.LOCAL_SERVICES + "=none)");
            return;
        }
        List<ServiceInstance> instances = config.serviceInstances();
        out.println("==> Starting " + instances.stream().map(ServiceInstance::name).collect(Collectors.joining(", "))
                + " (-Xmx" + config.serviceXmx() + " " + String.join(" ", config.serviceJvmOptions()) + ", logs in "
                + LocalLayout.display(layout.logs()) + ")");
        Map<ServiceInstance, Child> pending = new LinkedHashMap<>();
        for (ServiceInstance instance : instances) {
            Service service = instance.service();
            List<String> command = new ArrayList<>(List.of(ChildProcesses.javaExecutable(),
                    "-Xmx" + config.serviceXmx()));
            command.addAll(config.serviceJvmOptions());
            command.addAll(List.of("-jar", service.runJar(config.root()).toString()));
            Child child = Child.start(instance.name(), command, config.root().resolve(service.id()),
                    ServiceEnvironment.of(instance, inputs), layout.freshLog(instance.name()), watchdog);
            stack.serviceStarted(instance, child);
            pending.put(instance, child);
        }
        awaitReady(config, pending, stack, out);
    }

    /**
     * Waits until every one of {@code starting} answers {@code /q/health/ready} on its management port with 200,
     * reporting each.
     *
     * @throws LocalStackException when one exits or is not ready within {@link LocalStackConfig#readyTimeout()}
     *         (with the end of its log), or the stack is closed meanwhile
     */
    static void awaitReady(LocalStackConfig config, Map<ServiceInstance, Child> starting, RunningStack stack,
            PrintStream out) {
        Map<ServiceInstance, Child> pending = new LinkedHashMap<>(starting);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Map<ServiceInstance, String> lastAnswer = new LinkedHashMap<>();
        while (!pending.isEmpty()) {
            for (ServiceInstance instance : new ArrayList<>(pending.keySet())) {
                Child child = pending.get(instance);
                if (!child.isAlive()) {
                    throw new LocalStackException(child.describeExit("while starting"));
                }
                String base = ServiceEnvironment.url(instance.port(config.ports()));
                String url = ServiceEnvironment.url(instance.managementPort(config.ports())) + "/q/health/ready";
                Optional<HttpResponse<String>> answer = probe(http, url);
                if (answer.isPresent() && answer.get().statusCode() == 200) {
                    pending.remove(instance);
                    out.println("    " + instance.name() + " ready on " + base + " in "
                            + Stopwatch.format(child.sinceStart()));
                    continue;
                }
                answer.ifPresent(response -> lastAnswer.put(instance, response.statusCode() + " "
                        + abbreviate(response.body())));
                if (child.sinceStart().compareTo(config.readyTimeout()) > 0) {
                    throw new LocalStackException(instance.name() + " did not become ready within "
                            + config.readyTimeout().toSeconds() + " s (" + url + " last answered "
                            + lastAnswer.getOrDefault(instance, "nothing: no connection") + "). Last lines of "
                            + LocalLayout.display(child.log()) + ":" + System.lineSeparator()
                            + LogFiles.tailBlock(child.log(), Child.LOG_TAIL_LINES));
                }
            }
            if (!pending.isEmpty()) {
                pause(stack);
            }
        }
    }

    private static Optional<HttpResponse<String>> probe(HttpClient http, String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LocalStackException.stopRequested();
        }
    }

    private static void pause(RunningStack stack) {
        if (stack.isClosing()) {
            throw LocalStackException.stopRequested();
        }
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LocalStackException.stopRequested();
        }
        if (stack.isClosing()) {
            throw LocalStackException.stopRequested();
        }
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private static void printSummary(RunningStack stack, LocalLayout layout, PrintStream out) {
        LocalStackConfig config = stack.config();
        out.println();
        out.println("==> Local stack is up in " + Stopwatch.format(stack.startupTime()));
        if (config.services().contains(Service.GATEWAY)) {
            out.println("    " + pad("Gateway:") + stack.gatewayUrl() + "  (health and metrics: "
                    + stack.managementUrl(Service.GATEWAY) + "/q/health, /q/metrics)");
            out.println("    " + pad("Console:") + stack.gatewayUrl() + "/console/  (sign in with a token below)");
        }
        for (ServiceInstance instance : config.serviceInstances()) {
            if (instance.service() != Service.GATEWAY) {
                out.println("    " + pad(instance.name() + ":")
                        + stack.serviceUrl(instance.service(), instance.replica()) + "  (management "
                        + stack.managementUrl(instance.service(), instance.replica()) + ")");
            }
        }
        if (stack.simulatorRunning()) {
            SimulatorSettings simulator = config.simulator();
            out.println("    " + pad("Simulator:") + stack.simulatorUrl() + "/billmgr  (the processing module URL;"
                    + " username " + simulator.username() + ", password " + simulator.password() + ", balance "
                    + simulator.balance().toPlainString() + " " + simulator.currency() + ", " + simulator.plans()
                    + " plans)");
        } else {
            out.println("    " + pad("Simulator:") + "not running (no jar)");
        }
        out.println("    " + pad("PostgreSQL:") + "jdbc:postgresql://127.0.0.1:" + config.ports().postgres() + "/<database>"
                + "  (user " + stack.postgres().username() + ", password " + stack.postgres().password() + ")");
        out.println("    " + pad("Kafka:") + stack.kafka().bootstrapServers());
        out.println("    " + pad("Logs:") + LocalLayout.display(layout.logs()) + "/<component>.log");
        out.println("    " + pad("Tokens:") + LocalLayout.display(layout.adminToken()) + ", "
                + LocalLayout.display(layout.viewerToken()) + " (valid " + config.tokenTtl().toHours() + " h)");
        out.println("    " + pad("Admin token:") + stack.adminToken());
        if (config.services().contains(Service.GATEWAY)) {
            out.println("    " + pad("Try:") + "curl -H \"Authorization: Bearer $(cat "
                    + LocalLayout.display(layout.adminToken()) + ")\" " + stack.gatewayUrl()
                    + "/api/v1/processing-modules");
        }
        out.println("    Press Ctrl-C to stop everything.");
        out.flush();
    }

    private static String pad(String label) {
        StringBuilder padded = new StringBuilder(label);
        while (padded.length() < LABEL_WIDTH) {
            padded.append(' ');
        }
        return padded.toString();
    }

    static void printHelp(PrintStream out) {
        out.println("Usage: deploy/local/run.sh [--rebuild] [--root DIR] [--help]");
        out.println("   or: java -cp \"deploy/local/launcher/target/local-launcher-1.0.0-SNAPSHOT.jar:"
                + "deploy/local/launcher/target/lib/*\" io.resellhub.launcher.LocalStack [--root DIR]");
        out.println();
        out.println("Starts PostgreSQL, Kafka, the BILLmanager simulator and the services module-service,");
        out.println("tariff-service, reselling-service and gateway on this machine; Ctrl-C stops everything.");
        out.println("State (databases, Kafka data, logs, keys, tokens) is kept in .local/ and reused.");
        out.println();
        out.println("  --root DIR   the repository root (default: the current directory)");
        out.println("  --rebuild    (run.sh only) build with ./mvnw -B -DskipTests package first");
        out.println();
        out.println("Environment variables (default in brackets):");
        int column = 2 + Arrays.stream(Setting.values()).mapToInt(setting -> setting.name().length()).max().orElse(0)
                + 2;
        for (Setting setting : Setting.values()) {
            String name = setting.name();
            StringBuilder line = new StringBuilder("  ").append(name);
            while (line.length() < column) {
                line.append(' ');
            }
            line.append(setting.description());
            if (!setting.defaultValue().isEmpty()) {
                line.append(" [").append(setting.defaultValue()).append(']');
            }
            out.println(line);
        }
    }

    private static void exitWithUsage(String message) {
        System.err.println("ERROR: " + message);
        System.err.println("Run with --help for the options.");
        System.exit(2);
    }
}
