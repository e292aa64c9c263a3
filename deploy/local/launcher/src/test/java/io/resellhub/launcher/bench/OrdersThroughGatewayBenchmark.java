package io.resellhub.launcher.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

import io.resellhub.launcher.LocalStack;
import io.resellhub.launcher.LocalStackConfig;
import io.resellhub.launcher.OrdersThroughGateway;
import io.resellhub.launcher.OrdersThroughGateway.Listed;
import io.resellhub.launcher.OrdersThroughGateway.Sellable;
import io.resellhub.launcher.OrdersThroughGateway.UpstreamServices;
import io.resellhub.launcher.RunningStack;
import io.resellhub.launcher.Service;
import io.resellhub.localinfra.PostgresServer;

/**
 * Places N certificate orders through the gateway into a real local stack, once with one module-service replica
 * and once with two, and prints one table: orders/s from the first POST to the last order seen active, POST to
 * active p50/p99, POST latency p50/p99, failed orders, and the services the upstream created (with duplicates:
 * services sharing one note, i.e. one order id).
 *
 * <p>Each run starts its own stack (free ports, a temp state directory, real PostgreSQL, Kafka, the simulator
 * and the service JVMs with the launcher's defaults unless {@code LOCAL_SERVICE_*} variables say otherwise;
 * {@code LOCAL_MODULE_SERVICE_REPLICAS} is set by the benchmark). The simulator issues a certificate 2 s after it
 * is ordered (its default). Then, all through the gateway with the admin token the launcher issues:
 * <ol>
 * <li>an {@code ssl-certificate} processing module on the simulator's demo account, five certificate plans
 * imported ({@code POST /api/v1/tariff-imports}), the cheapest sellable one enabled and awaited in the public
 * catalog ({@code GET /api/v1/catalog}); the simulator's balance is checked (and raised through
 * {@code POST /_sim/balance}) to pay for all orders with room to spare;</li>
 * <li>{@code warmup} orders placed and awaited, not counted (a service that has run for a while has its code
 * compiled and its pools filled);</li>
 * <li>N orders ({@code POST /api/v1/orders}, {@code {"tariffId","period","customerRef","params":{"domain"}}},
 * the tariff's shortest period, a distinct domain each) from a pool of client threads;</li>
 * <li>meanwhile the {@code orders} topic is read from its end as it was before the first POST: reselling-service
 * publishes {@code order.activated} (or {@code order.failed}) in the transaction that moves an order, stamped with
 * that moment, so an order's POST→active time runs from the start of its POST to that stamp (milliseconds, one
 * machine clock) and the instrument puts no load on the API while it measures;</li>
 * <li>until every order is active or failed, or the timeout; then every order the topic called active is checked
 * against {@code GET /api/v1/orders?status=active} (the count of those missing is printed; 0 means the method
 * held) and {@code GET /_sim/state} gives the upstream's services (a fresh simulator has no others), grouped by
 * note.</li>
 * </ol>
 * It also prints the CPU time each component of the stack (PostgreSQL included) and the benchmark's own JVM spent
 * per measured order, and p50/p99 of each hop an order crosses, read from the stamps the services write anyway
 * ({@link #printHops}).
 * {@code orders/s} is the orders active divided by the time from the first POST to the last activation.
 *
 * <p>Not a test: neither surefire nor failsafe picks the name up, so {@code ./mvnw verify} never runs it. The
 * services must be built ({@code <service>/target/quarkus-app/quarkus-run.jar}). From the repository root:
 * <pre>
 * ./mvnw -B -q -o package -DskipTests   # the service jars and the simulator; again after service changes
 * ./mvnw -B -q -o -pl deploy/local/launcher -am test-compile dependency:build-classpath \
 *        -Dmdep.outputFile=target/bench.classpath
 * java -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorders=2000 \
 *      -cp "deploy/local/launcher/target/test-classes:deploy/local/launcher/target/classes:$(cat deploy/local/launcher/target/bench.classpath)" \
 *      io.resellhub.launcher.bench.OrdersThroughGatewayBenchmark
 * </pre>
 * ({@code -am} with {@code test-compile} puts the sibling modules' {@code target/classes} on the class path, not
 * what an earlier {@code install} left in {@code ~/.m2}. {@code -XX:TieredStopAtLevel=1}: the instrument shares the
 * two cores with the stack, and with the C2 compiler its JVM spent 2.4-2.5 ms of CPU per measured order, about
 * 60 % of it in the compiler threads; with C1 only, as the service JVMs run, 0.8-1.2 ms.) System properties, all optional: {@code orders} (N,
 * default 2000), {@code warmup} (per module-service replica, default 500), {@code replicas} (comma-separated module-service replica counts
 * to run, default {@code 1,2}),
 * {@code clients} (concurrent POST threads, default 32), {@code rate} (orders offered per second, see {@link #RATE};
 * default 0: as fast as the clients are answered), {@code timeoutSeconds} (from the first POST, default
 * 300), {@code pageSize} (of the final list walk, default and most 500), {@code bench.stamps} (a file to write
 * every order's hop stamps to, as TSV; {@code {replicas}} in the name is replaced by the replica count),
 * {@code resellhub.root} (default: found from the working directory),
 * {@code bench.keep=true} (keep the temp state directories with every log). Other load on the machine (builds,
 * tests, another stack) moves every figure: run it on a quiet machine.
 */
public final class OrdersThroughGatewayBenchmark {

    /** List page size: the API's maximum, 500; smaller ({@code -DpageSize}) only to try the several-pages path. */
    private static final int PAGE_SIZE = Math.max(1, Math.min(OrdersThroughGateway.MAX_PAGE_SIZE,
            Integer.getInteger("pageSize", OrdersThroughGateway.MAX_PAGE_SIZE)));

    /**
     * Orders placed and awaited before the measured ones, per module-service replica ({@code -Dwarmup}, default
     * 500), not counted: the services' JIT compilers, connection pools and caches are warm, as in a service that
     * has been running. Per replica, because each replica's JVM compiles its own code from the orders it serves.
     */
    private static final int WARMUP = Integer.getInteger("warmup", 500);

    /**
     * Orders offered per second ({@code -Drate}); 0 (the default): each client posts its next order as soon as its
     * last one was answered, so the stack runs flat out whatever its speed (a faster stack is sent orders faster)
     * and POST->active is measured at saturation. With a rate, order {@code i} is due {@code i / rate} s after the
     * first, whatever the answers take (the stack cannot slow its own load down), and its POST->active runs from
     * that due time: the latency at that load.
     */
    private static final double RATE = Double.parseDouble(System.getProperty("rate", "0"));

    /** How the clients place orders, for the lines that describe a run. */
    private static String offeredLoad() {
        return RATE > 0 ? String.format(", offered at %.0f orders/s", RATE) : ", each posting as soon as answered";
    }

    private final RunningStack stack;
    private final OrdersThroughGateway client;
    private final String gateway;
    private final URL ordersUrl;

    /** The figures of one run. */
    private record Result(int replicas, int requested, int accepted, int postErrors, String firstPostError,
            int active, int failed, String failureReason, int unsettled, double ordersPerSecond, double activeP50,
            double activeP99,
            double postP50, double postP99, int upstreamServices, int upstreamTotal, int duplicates,
            int misclassified, double postingSeconds, String loadBefore, String loadAfter, String tariff, String callCounts,
            Path localDir) {
    }

    private OrdersThroughGatewayBenchmark(RunningStack stack) {
        this.stack = stack;
        this.client = new OrdersThroughGateway(stack);
        this.gateway = stack.gatewayUrl();
        try {
            this.ordersUrl = URI.create(gateway + "/api/v1/orders").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        int orders = Integer.getInteger("orders", 2000);
        int clients = Integer.getInteger("clients", 32);
        // HttpURLConnection keeps at most this many idle connections per host (default 5): one per client thread.
        System.setProperty("http.maxConnections", Integer.toString(Math.max(5, clients)));
        int timeoutSeconds = Integer.getInteger("timeoutSeconds", 300);
        List<Integer> replicaCounts = Arrays.stream(System.getProperty("replicas", "1,2").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
        boolean keep = Boolean.getBoolean("bench.keep");
        Path root = OrdersThroughGateway.root();

        List<Result> results = new ArrayList<>();
        String serviceJvm = null;
        for (int replicas : replicaCounts) {
            Path localDir = Files.createTempDirectory("orders-benchmark-" + replicas + "r");
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("LOCAL_MODULE_SERVICE_REPLICAS", Integer.toString(replicas));
            // Enough for 2,000 certificates of any plan; checked again (and raised if need be) before ordering.
            env.put("SIMULATOR_BALANCE", "10000000.00");
            LocalStackConfig config = LocalStackConfig.fromEnvironment(env, root)
                    .withLocalDir(localDir).withPorts(OrdersThroughGateway.freePorts(replicas));
            serviceJvm = "-Xmx" + config.serviceXmx() + " " + String.join(" ", config.serviceJvmOptions());
            System.out.println("==> Benchmark run with " + replicas + " module-service replica(s): state and logs in "
                    + localDir);
            try (RunningStack stack = LocalStack.start(config)) {
                results.add(new OrdersThroughGatewayBenchmark(stack).run(replicas, orders, clients,
                        timeoutSeconds, localDir));
            } finally {
                if (!keep) {
                    OrdersThroughGateway.deleteTree(localDir);
                }
            }
        }

        System.out.println();
        System.out.printf("==> %d certificate orders through the gateway, POST /api/v1/orders from %d client threads%s;"
                + " simulator issues certificates 2 s after ordering (its default)%n", orders, clients,
                offeredLoad());
        System.out.printf("    machine: %d cores (availableProcessors), %s %s, Java %s; service JVMs: %s;"
                + " benchmark JVM: %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), serviceJvm,
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.println("    POST->active runs from " + (RATE > 0 ? "the time an order's POST was due" : "the start"
                + " of an order's POST") + " to the time of its order.activated event (written in the transaction that"
                + " made the order active; milliseconds, same machine clock)");
        System.out.println();
        System.out.println("| replicas | orders | active | failed | not settled | orders/s | POST->active p50"
                + " | POST->active p99 | POST p50 | POST p99 | upstream services | duplicates |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf("| %d | %d | %d | %d | %d | %.1f | %.2f s | %.2f s | %.0f ms | %.0f ms | %d | %d |%n",
                    r.replicas, r.requested, r.active, r.failed, r.unsettled, r.ordersPerSecond, r.activeP50,
                    r.activeP99, r.postP50 * 1e3, r.postP99 * 1e3, r.upstreamServices, r.duplicates);
        }
        System.out.println();
        for (Result r : results) {
            System.out.printf("    %d replica(s): load average %s before the first POST, %s after the last order"
                    + " settled; tariff %s; POSTs accepted %d of %d in %.1f s%s; upstream services %d for"
                    + " these orders (%d in all, warm-up included); orders the topic called active but not in the"
                    + " final active"
                    + " list %d%s;"
                    + " upstream calls %s%s%n", r.replicas, r.loadBefore, r.loadAfter, r.tariff, r.accepted,
                    r.requested, r.postingSeconds,
                    r.postErrors == 0 ? "" : " (" + r.postErrors + " refused, first: " + r.firstPostError + ")",
                    r.upstreamServices, r.upstreamTotal, r.misclassified,
                    r.failed == 0 ? "" : "; first failure reason: " + r.failureReason, r.callCounts,
                    keep ? "; logs in " + r.localDir.resolve("logs") : "");
        }
        System.exit(0);
    }

    private Result run(int replicas, int orders, int clients, int timeoutSeconds, Path localDir)
            throws Exception {
        String moduleId = client.createCertificateModule("Benchmark SSL");
        Sellable sellable = client.importAndEnable(moduleId, "Benchmark");
        int warmupOrders = WARMUP * replicas;
        client.ensureBalance(sellable, orders + warmupOrders);
        if (warmupOrders > 0) {
            System.out.printf("==> Warming up with %d orders (not counted)%n", warmupOrders);
            Phase warmup = place(sellable, "warmup-" + replicas + "r", warmupOrders, clients, timeoutSeconds);
            System.out.printf("    warm-up: %d of %d settled%n", warmup.settled.size(), warmup.placed.size());
        }
        System.out.printf("==> Ordering %d x %s (period %d) with %d clients%s; module-service at %s%n", orders,
                sellable.description(), sellable.period(), clients, offeredLoad(),
                stack.serviceUrls(Service.MODULE_SERVICE));
        String loadBefore = loadAverage();
        Map<String, Long> cpuBefore = cpuMillisByComponent(localDir);
        Phase measured = place(sellable, "bench-" + replicas + "r", orders, clients, timeoutSeconds);
        printCpuPerOrder(cpuBefore, cpuMillisByComponent(localDir), measured.placed.size());
        printHops(measured, replicas);
        return result(replicas, orders, measured, loadBefore, sellable, localDir);
    }

    /**
     * Places {@code orders} orders from {@code clients} threads and follows the orders topic until each settled
     * (or the timeout).
     */
    private Phase place(Sellable sellable, String customer, int orders, int clients, int timeoutSeconds)
            throws Exception {
        Phase phase = new Phase(orders);
        AtomicInteger next = new AtomicInteger();
        // The instrument reads the orders topic: reselling-service publishes order.activated (or order.failed) in
        // the transaction that moves the order, stamped with that moment; nothing polls the API meanwhile.
        try (KafkaConsumer<String, String> events = ordersTopicAtItsEnd()) {
            phase.firstPost = System.currentTimeMillis();
            long deadline = phase.firstPost + TimeUnit.SECONDS.toMillis(timeoutSeconds);
            ExecutorService posters = Executors.newFixedThreadPool(clients);
            List<Future<?>> postingDone = new ArrayList<>();
            AtomicLong lastPostEnd = new AtomicLong(phase.firstPost);
            for (int c = 0; c < clients; c++) {
                postingDone.add(posters.submit(() -> {
                    for (int i = next.getAndIncrement(); i < orders; i = next.getAndIncrement()) {
                        long start = System.currentTimeMillis();
                        if (RATE > 0) {
                            long due = phase.firstPost + Math.round(i * 1000 / RATE);
                            try {
                                Thread.sleep(Math.max(0, due - start));
                            } catch (InterruptedException timedOut) { // shutdownNow at the deadline: stop posting
                                return null;
                            }
                            start = due;
                        }
                        long startNanos = System.nanoTime();
                        try {
                            Posted answer = post(sellable, customer, String.format("%s-%05d.example.com", customer, i));
                            phase.postLatencies[i] = System.nanoTime() - startNanos;
                            lastPostEnd.accumulateAndGet(System.currentTimeMillis(), Math::max);
                            if (answer.status() != 202) {
                                phase.postErrors.incrementAndGet();
                                phase.firstPostError.compareAndSet(null, answer.status() + " " + answer.body());
                                continue;
                            }
                            String id = OrdersThroughGateway.readTree(answer.body()).path("id").asText();
                            phase.placed.put(id, new Placed(id, start));
                        } catch (Exception e) {
                            phase.postLatencies[i] = System.nanoTime() - startNanos;
                            phase.postErrors.incrementAndGet();
                            phase.firstPostError.compareAndSet(null, e.toString());
                        }
                    }
                    return null;
                }));
            }
            posters.shutdown();
            while (System.currentTimeMillis() < deadline
                    && !(posters.isTerminated() && phase.settled.keySet().containsAll(phase.placed.keySet()))) {
                for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(200))) {
                    JsonNode event = OrdersThroughGateway.readTree(record.value());
                    String type = event.path("type").asText();
                    if (type.equals("order.activated") || type.equals("order.failed")) {
                        phase.settled.put(event.path("subject").asText(), new Settled(type.equals("order.activated"),
                                Instant.parse(event.path("time").asText()).toEpochMilli(),
                                event.path("data").path("failureReason").asText(null)));
                    }
                }
            }
            posters.shutdownNow();
            for (Future<?> done : postingDone) {
                if (done.isDone()) {
                    done.get();
                }
            }
            phase.lastPostEnd = lastPostEnd.get();
            return phase;
        }
    }

    /**
     * Where the time of an order went, hop by hop, from the stamps the services write anyway (one machine clock):
     * the order row ({@code customer_order.created_at}), its provisioning request leaving reselling-service's outbox
     * ({@code sent_at}), the action recorded by module-service ({@code provisioning_action.created_at}), the result
     * written to module-service's outbox (after the upstream order, the certificate's issuing and the activation
     * check) and sent from it, and the {@code order.activated} stamp. Prints p50 and p99 of each hop in ms.
     */
    private void printHops(Phase phase, int replicas) throws SQLException {
        Map<String, long[]> stamps = new HashMap<>();
        phase.placed.forEach((id, placed) -> {
            Settled settled = phase.settled.get(id);
            if (settled != null && settled.active()) {
                stamps.put(id, new long[] {placed.postStart(), 0, 0, 0, 0, 0, settled.at()});
            }
        });
        readStamps("reselling_service", """
                SELECT o.id::text, o.created_at, x.sent_at FROM customer_order o
                JOIN outbox x ON x.aggregate_id = o.id::text AND x.topic = 'provisioning-requests'""", stamps, 1);
        readStamps("module_service", """
                SELECT a.order_id::text, a.created_at, x.created_at, x.sent_at FROM provisioning_action a
                JOIN outbox x ON x.aggregate_id = a.order_id::text AND x.event_type = 'provisioning.succeeded'""",
                stamps, 3);
        String[] hops = {"POST -> order stored", "-> request sent (reselling relay)",
                "-> action recorded (Kafka, module-service)",
                "-> result written (upstream order, 2 s issuing, activation check)", "-> result sent (module relay)",
                "-> order active (reselling results consumer)"};
        StringBuilder line = new StringBuilder("    where the time went, p50 / p99 ms per hop:");
        for (int hop = 0; hop < hops.length; hop++) {
            int from = hop;
            double[] millis = stamps.values().stream().filter(s -> s[from] > 0 && s[from + 1] > 0)
                    .mapToDouble(s -> s[from + 1] - s[from]).sorted().toArray();
            line.append(String.format(" %s %.0f / %.0f;", hops[hop], percentile(millis, 50), percentile(millis, 99)));
        }
        System.out.println(line);
        String stampsFile = System.getProperty("bench.stamps");
        if (stampsFile != null) {
            writeStamps(Path.of(stampsFile.replace("{replicas}", String.valueOf(replicas))), stamps);
        }
    }

    /** Every order's stamps, one row each, epoch milliseconds in the order of {@link #printHops}'s hops. */
    private static void writeStamps(Path file, Map<String, long[]> stamps) {
        StringBuilder tsv = new StringBuilder("order\tpost\tstored\tsent\trecorded\twritten\tresult_sent\tactive\n");
        stamps.forEach((id, s) -> tsv.append(id).append('\t').append(Arrays.stream(s).mapToObj(Long::toString)
                .collect(Collectors.joining("\t"))).append('\n'));
        try {
            Files.writeString(file, tsv);
            System.out.println("    stamps of every order: " + file);
        } catch (IOException e) {
            System.out.println("    stamps could not be written to " + file + ": " + e.getMessage());
        }
    }

    /** Reads each row's order id and epoch-millisecond stamps into {@code stamps[id][first...]}. */
    private void readStamps(String database, String sql, Map<String, long[]> stamps, int first) throws SQLException {
        try (Connection db = DriverManager.getConnection(stack.postgres().jdbcUrl(database), PostgresServer.USERNAME,
                PostgresServer.PASSWORD); ResultSet rows = db.createStatement().executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                long[] order = stamps.get(rows.getString(1));
                for (int c = 2; order != null && c <= columns; c++) {
                    java.sql.Timestamp stamp = rows.getTimestamp(c);
                    order[first + c - 2] = stamp == null ? 0 : stamp.getTime();
                }
            }
        }
    }

    /** A POST's status and body. */
    private record Posted(int status, String body) {
    }

    /**
     * {@code POST /api/v1/orders} as a storefront's server would send it, over {@link HttpURLConnection} (its
     * connections kept alive per thread). The instrument shares the two cores with the stack, and the JDK's
     * {@code HttpClient} (used by {@link OrdersThroughGateway#placeOrder} for the drills) cost several times the
     * CPU per request.
     */
    private Posted post(Sellable sellable, String customerRef, String domain) throws IOException {
        byte[] body = OrdersThroughGateway.jsonBytes(OrdersThroughGateway.orderBody(sellable, customerRef, domain));
        HttpURLConnection connection = (HttpURLConnection) ordersUrl.openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(60_000);
        connection.setFixedLengthStreamingMode(body.length);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setRequestProperty("Accept", "application/json");
        connection.setRequestProperty("Authorization", "Bearer " + stack.adminToken());
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            // Read to the end, so the connection goes back to the keep-alive cache.
            return new Posted(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** What one batch of orders came to, as the clients and the orders topic saw it. */
    private static final class Phase {
        final Map<String, Placed> placed = new ConcurrentHashMap<>();
        final Map<String, Settled> settled = new HashMap<>();
        final AtomicInteger postErrors = new AtomicInteger();
        final AtomicReference<String> firstPostError = new AtomicReference<>();
        final long[] postLatencies;
        long firstPost;
        long lastPostEnd;

        Phase(int orders) {
            postLatencies = new long[orders];
        }
    }

    /** One order as the client placed it; {@code postStart} in epoch milliseconds. */
    private record Placed(String id, long postStart) {
    }

    /** How an order settled, as the orders topic said, {@code at} in epoch milliseconds. */
    private record Settled(boolean active, long at, String failureReason) {
    }

    /** A consumer of the orders topic positioned at its end, so it sees what happens from now on. */
    private KafkaConsumer<String, String> ordersTopicAtItsEnd() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor("orders").stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, before the first POST
        return consumer;
    }

    private Result result(int replicas, int orders, Phase phase, String loadBefore, Sellable sellable,
            Path localDir) throws Exception {
        Map<String, Placed> placed = phase.placed;
        Map<String, Settled> settled = phase.settled;
        long firstPost = phase.firstPost;
        List<Placed> active = placed.values().stream()
                .filter(o -> settled.containsKey(o.id()) && settled.get(o.id()).active()).toList();
        int failed = (int) placed.keySet().stream()
                .filter(id -> settled.containsKey(id) && !settled.get(id).active()).count();
        int unsettled = (int) placed.keySet().stream().filter(id -> !settled.containsKey(id)).count();
        long lastActive = active.stream().mapToLong(o -> settled.get(o.id()).at()).max().orElse(firstPost);
        double[] toActive = active.stream().mapToDouble(o -> (settled.get(o.id()).at() - o.postStart()) / 1e3)
                .sorted().toArray();
        double[] posts = Arrays.stream(phase.postLatencies).filter(l -> l > 0).mapToDouble(l -> l / 1e9).sorted()
                .toArray();
        double seconds = (lastActive - firstPost) / 1e3;
        String loadAfter = loadAverage();

        // The check of the method: every order the topic called active is in the API's active list now.
        Set<String> activeNow = list("active").ids();
        int misclassified = (int) active.stream().filter(o -> !activeNow.contains(o.id())).count();
        String failureReason = settled.values().stream().filter(s -> !s.active()).map(Settled::failureReason)
                .findFirst().orElse("");

        UpstreamServices upstream = client.upstreamServices();

        Result result = new Result(replicas, orders, placed.size(), phase.postErrors.get(),
                phase.firstPostError.get(), active.size(), failed,
                failureReason, unsettled, seconds > 0 ? active.size() / seconds : 0, percentile(toActive, 50),
                percentile(toActive, 99), percentile(posts, 50), percentile(posts, 99),
                upstream.forOrders(placed.keySet()),
                upstream.total(), upstream.duplicates(), misclassified,
                (phase.lastPostEnd - firstPost) / 1e3, loadBefore, loadAfter, sellable.description(),
                upstream.callCounts().toString(), localDir);
        System.out.printf("    %d replica(s): %d active, %d failed, %d not settled in %.1f s; %.1f orders/s; POST->active"
                + " p50 %.2f s p99 %.2f s; upstream services %d, duplicates %d%n", replicas, result.active,
                result.failed, result.unsettled, seconds, result.ordersPerSecond, result.activeP50, result.activeP99,
                result.upstreamServices, result.duplicates);
        return result;
    }

    /** Every order the list calls {@code status} now: all pages of {@link #PAGE_SIZE}. */
    private Listed list(String status) throws Exception {
        return client.list(status, PAGE_SIZE);
    }

    /**
     * CPU time (user + system) so far, summed per component of the stack: which process spends the machine's two
     * cores per order. The service JVMs, Kafka and the simulator are this JVM's descendants; PostgreSQL runs
     * detached (its postmaster is found by the data directory in {@code localDir}, its backends are its children;
     * those that exited meanwhile are not counted); {@code benchmark} is this JVM, the instrument.
     */
    private static Map<String, Long> cpuMillisByComponent(Path localDir) {
        Map<String, Long> cpu = new HashMap<>();
        ProcessHandle.current().descendants().forEach(p -> {
            String command = p.info().commandLine().orElse("");
            String component = command.contains("postgres") ? "postgresql"
                    : command.contains("kafka.Kafka") ? "kafka"
                    : command.contains("simulator") ? "simulator"
                    : command.contains("gateway") ? "gateway"
                    : command.contains("module-service") ? "module-service"
                    : command.contains("tariff-service") ? "tariff-service"
                    : command.contains("reselling-service") ? "reselling-service" : "other";
            cpu.merge(component, cpuMillis(p), Long::sum);
        });
        String dataDirectory = localDir.resolve("postgres").toString();
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(dataDirectory))
                .filter(p -> p.info().command().orElse("").endsWith("/postgres")).findFirst().ifPresent(postmaster -> {
                    cpu.merge("postgresql", cpuMillis(postmaster), Long::sum);
                    postmaster.children().forEach(backend -> cpu.merge("postgresql", cpuMillis(backend), Long::sum));
                });
        cpu.put("benchmark", cpuMillis(ProcessHandle.current()));
        return cpu;
    }

    private static long cpuMillis(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }

    private static void printCpuPerOrder(Map<String, Long> before, Map<String, Long> after, int orders) {
        StringBuilder line = new StringBuilder("    CPU ms per order:");
        long stack = 0;
        for (String component : after.keySet().stream().filter(c -> !c.equals("benchmark")).sorted().toList()) {
            long spent = after.get(component) - before.getOrDefault(component, 0L);
            stack += spent;
            line.append(String.format(" %s %.1f;", component, spent / (double) Math.max(1, orders)));
        }
        long instrument = after.get("benchmark") - before.getOrDefault("benchmark", 0L);
        System.out.println(line.append(String.format(" the stack %.1f; the benchmark JVM (clients, orders-topic reader)"
                + " %.1f", stack / (double) Math.max(1, orders), instrument / (double) Math.max(1, orders))));
    }

    /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or "n/a". */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    private static double percentile(double[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
