package io.resellhub.launcher.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import io.resellhub.launcher.LocalStack;
import io.resellhub.launcher.LocalStackConfig;
import io.resellhub.launcher.OrdersThroughGateway;
import io.resellhub.launcher.OrdersThroughGateway.Listed;
import io.resellhub.launcher.OrdersThroughGateway.Sellable;
import io.resellhub.launcher.OrdersThroughGateway.UpstreamServices;
import io.resellhub.launcher.RunningStack;

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
 * <li>N orders ({@code POST /api/v1/orders}, {@code {"tariffId","period","customerRef","params":{"domain"}}},
 * the tariff's shortest period, a distinct domain each) from a pool of client threads;</li>
 * <li>meanwhile a poller, every {@code pollMs}: walks {@code GET /api/v1/orders?status=pending&size=500} (all
 * pages); an order whose POST had returned before the walk began and that is not in it has settled. When the
 * pending list was one page (one consistent answer), such an order is {@code failed} if
 * {@code GET /api/v1/orders?status=failed} lists it and {@code active} otherwise (orders are created pending and
 * end active or failed), seen when the walk answered; when it took several pages (which may shift while read and
 * skip an order still pending), each such order is read ({@code GET /api/v1/orders/{id}}, 8 at a time) and seen
 * when the read answered active. At the end every order seen active is checked against the active list (the
 * count of those missing is printed; 0 means the method held). An order's POST→active time runs from the start
 * of its POST to when it was seen, so it is late by at most the poll sleep plus one cycle's work (printed as
 * cycle times: the resolution);</li>
 * <li>until every order is active or failed, or the timeout (the list walk and the read are run 20 times before
 * the first POST, so the measuring path is warm; the orders path is not); then {@code GET /_sim/state}: the upstream's
 * services (a fresh simulator has no others), grouped by note.</li>
 * </ol>
 * {@code orders/s} is the orders seen active divided by the time from the first POST to the last order seen
 * active.
 *
 * <p>Not a test: neither surefire nor failsafe picks the name up, so {@code ./mvnw verify} never runs it. The
 * services must be built ({@code <service>/target/quarkus-app/quarkus-run.jar}). From the repository root:
 * <pre>
 * ./mvnw -B -q -o package -DskipTests   # the service jars and the simulator; again after service changes
 * ./mvnw -B -q -o -pl deploy/local/launcher -am test-compile dependency:build-classpath \
 *        -Dmdep.outputFile=target/bench.classpath
 * java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorders=2000 \
 *      -cp "deploy/local/launcher/target/test-classes:deploy/local/launcher/target/classes:$(cat deploy/local/launcher/target/bench.classpath)" \
 *      io.resellhub.launcher.bench.OrdersThroughGatewayBenchmark
 * </pre>
 * ({@code -am} with {@code test-compile} puts the sibling modules' {@code target/classes} on the class path, not
 * what an earlier {@code install} left in {@code ~/.m2}.) System properties, all optional: {@code orders} (N,
 * default 2000), {@code replicas} (comma-separated module-service replica counts to run, default {@code 1,2}),
 * {@code clients} (concurrent POST threads, default 32), {@code pollMs} (default 150), {@code timeoutSeconds}
 * (from the first POST, default 300), {@code pageSize} (of the list walks, default and most 500),
 * {@code resellhub.root} (default: found from the working directory),
 * {@code bench.keep=true} (keep the temp state directories with every log). Other load on the machine (builds,
 * tests, another stack) moves every figure: run it on a quiet machine.
 */
public final class OrdersThroughGatewayBenchmark {

    /** List page size: the API's maximum, 500; smaller ({@code -DpageSize}) only to try the several-pages path. */
    private static final int PAGE_SIZE = Math.max(1, Math.min(OrdersThroughGateway.MAX_PAGE_SIZE,
            Integer.getInteger("pageSize", OrdersThroughGateway.MAX_PAGE_SIZE)));
    private static final int READERS = 8;

    private final RunningStack stack;
    private final OrdersThroughGateway client;
    private final String gateway;

    /** One order as the client saw it; times are {@link System#nanoTime()}. */
    private static final class Placed {
        final String id;
        final long postStart;
        final long postEnd;
        volatile long settledAt;
        volatile String finalStatus;

        Placed(String id, long postStart, long postEnd) {
            this.id = id;
            this.postStart = postStart;
            this.postEnd = postEnd;
        }
    }

    /** The figures of one run. */
    private record Result(int replicas, int requested, int accepted, int postErrors, String firstPostError,
            int active, int failed, String failureReason, int unsettled, double ordersPerSecond, double activeP50,
            double activeP99,
            double postP50, double postP99, int upstreamServices, int upstreamForOurOrders, int duplicates,
            int cycles, double cycleP50Ms, double cycleP99Ms, double cycleMaxMs, int singleReads, int misclassified,
            double postingSeconds, String loadBefore, String loadAfter, String tariff, String callCounts,
            Path localDir) {
    }

    private OrdersThroughGatewayBenchmark(RunningStack stack) {
        this.stack = stack;
        this.client = new OrdersThroughGateway(stack);
        this.gateway = stack.gatewayUrl();
    }

    public static void main(String[] args) throws Exception {
        int orders = Integer.getInteger("orders", 2000);
        int clients = Integer.getInteger("clients", 32);
        int pollMs = Integer.getInteger("pollMs", 150);
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
                results.add(new OrdersThroughGatewayBenchmark(stack).run(replicas, orders, clients, pollMs,
                        timeoutSeconds, localDir));
            } finally {
                if (!keep) {
                    OrdersThroughGateway.deleteTree(localDir);
                }
            }
        }

        System.out.println();
        System.out.printf("==> %d certificate orders through the gateway, POST /api/v1/orders from %d client threads;"
                + " simulator issues certificates 2 s after ordering (its default)%n", orders, clients);
        System.out.printf("    machine: %d cores (availableProcessors), %s %s, Java %s; service JVMs: %s;"
                + " benchmark JVM: %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), serviceJvm,
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.printf("    POST->active runs from the start of an order's POST to when the poller first saw it"
                + " active: late by at most the poll sleep (%d ms) plus one cycle's work (list walks and reads; cycle"
                + " times below)%n", pollMs);
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
                    + " settled; tariff %s; POSTs accepted %d of %d in %.1f s%s; upstream services %d (%d with"
                    + " one of our order ids as note); poll cycles %d (work p50 %.0f ms, p99 %.0f ms, max %.0f ms),"
                    + " single-order reads %d, orders seen active but not in the final active list %d%s;"
                    + " upstream calls %s%s%n", r.replicas, r.loadBefore, r.loadAfter, r.tariff, r.accepted,
                    r.requested, r.postingSeconds,
                    r.postErrors == 0 ? "" : " (" + r.postErrors + " refused, first: " + r.firstPostError + ")",
                    r.upstreamServices, r.upstreamForOurOrders, r.cycles, r.cycleP50Ms, r.cycleP99Ms, r.cycleMaxMs,
                    r.singleReads, r.misclassified,
                    r.failed == 0 ? "" : "; first failure reason: " + r.failureReason, r.callCounts,
                    keep ? "; logs in " + r.localDir.resolve("logs") : "");
        }
        System.exit(0);
    }

    private Result run(int replicas, int orders, int clients, int pollMs, int timeoutSeconds, Path localDir)
            throws Exception {
        String moduleId = client.createCertificateModule("Benchmark SSL");
        Sellable sellable = client.importAndEnable(moduleId, "Benchmark");
        client.ensureBalance(sellable, orders);
        System.out.printf("==> Ordering %d x %s (period %d) with %d clients; module-service at %s%n", orders,
                sellable.description(), sellable.period(), clients, stack.moduleServiceUrls());

        // Warm the instrument, not the system under test: the poller's list walk and read path through the gateway.
        for (int i = 0; i < 20; i++) {
            list("pending");
            list("failed");
            client.send("GET", gateway + "/api/v1/orders/" + UUID.randomUUID(), null);
        }

        Map<String, Placed> placed = new ConcurrentHashMap<>();
        Map<String, Placed> unsettled = new ConcurrentHashMap<>();
        AtomicInteger postErrors = new AtomicInteger();
        AtomicReference<String> firstPostError = new AtomicReference<>();
        long[] postLatencies = new long[orders];
        AtomicInteger next = new AtomicInteger();
        String loadBefore = loadAverage();
        long firstPost = System.nanoTime();
        long deadline = firstPost + TimeUnit.SECONDS.toNanos(timeoutSeconds);

        ExecutorService posters = Executors.newFixedThreadPool(clients);
        List<Future<?>> postingDone = new ArrayList<>();
        AtomicInteger singleReads = new AtomicInteger();
        AtomicLong lastPostEnd = new AtomicLong(firstPost);
        for (int c = 0; c < clients; c++) {
            postingDone.add(posters.submit(() -> {
                for (int i = next.getAndIncrement(); i < orders; i = next.getAndIncrement()) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> answer = client.placeOrder(sellable, "bench-" + replicas + "r",
                                String.format("bench-%05d.example.com", i));
                        long end = System.nanoTime();
                        postLatencies[i] = end - start;
                        lastPostEnd.accumulateAndGet(end, Math::max);
                        if (answer.statusCode() != 202) {
                            postErrors.incrementAndGet();
                            firstPostError.compareAndSet(null, answer.statusCode() + " " + answer.body());
                            continue;
                        }
                        Placed order = new Placed(OrdersThroughGateway.readTree(answer.body()).path("id").asText(), start, end);
                        placed.put(order.id, order);
                        unsettled.put(order.id, order);
                    } catch (Exception e) {
                        postLatencies[i] = System.nanoTime() - start;
                        postErrors.incrementAndGet();
                        firstPostError.compareAndSet(null, e.toString());
                    }
                }
                return null;
            }));
        }
        posters.shutdown();

        // The poller, on this thread, until every accepted order is settled (and every POST answered) or the deadline.
        ExecutorService readers = Executors.newFixedThreadPool(READERS);
        List<Long> cycles = new ArrayList<>();
        try {
            while (System.nanoTime() < deadline) {
                boolean postingFinished = posters.isTerminated();
                if (postingFinished && unsettled.isEmpty()) {
                    break;
                }
                long cycleStart = System.nanoTime();
                Listed pending = list("pending");
                long walked = System.nanoTime();
                List<Placed> candidates = new ArrayList<>();
                for (Placed order : unsettled.values()) {
                    if (order.postEnd < cycleStart && !pending.ids().contains(order.id)) {
                        candidates.add(order);
                    }
                }
                if (!candidates.isEmpty() && pending.pages() == 1) {
                    // One page is one consistent answer: an order missing from it has left pending before it was
                    // read. Orders are created pending and end active or failed, so the failed list tells them apart.
                    Set<String> failedIds = list("failed").ids();
                    for (Placed order : candidates) {
                        order.finalStatus = failedIds.contains(order.id) ? "failed" : "active";
                        order.settledAt = walked;
                        unsettled.remove(order.id);
                    }
                } else if (!candidates.isEmpty()) {
                    // Several pages may shift while they are read and skip an order still pending: read each.
                    singleReads.addAndGet(candidates.size());
                    List<Future<?>> reads = new ArrayList<>();
                    for (Placed order : candidates) {
                        reads.add(readers.submit(() -> {
                            JsonNode view = client.get(gateway + "/api/v1/orders/" + order.id);
                            long seen = System.nanoTime();
                            String status = view.path("status").asText();
                            if (!status.equals("pending")) {
                                order.finalStatus = status;
                                order.settledAt = seen;
                                unsettled.remove(order.id);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> read : reads) {
                        read.get();
                    }
                }
                cycles.add(System.nanoTime() - cycleStart);
                Thread.sleep(pollMs); // the poll interval of a timing loop, not a wait for a condition in a test
            }
        } finally {
            readers.shutdownNow();
            posters.shutdownNow();
        }
        for (Future<?> done : postingDone) {
            if (done.isDone()) {
                done.get();
            }
        }

        List<Placed> all = new ArrayList<>(placed.values());
        List<Placed> active = all.stream().filter(o -> "active".equals(o.finalStatus)).toList();
        int failed = (int) all.stream().filter(o -> o.finalStatus != null && !"active".equals(o.finalStatus)).count();
        long lastActive = active.stream().mapToLong(o -> o.settledAt).max().orElse(firstPost);
        double[] toActive = active.stream().mapToDouble(o -> (o.settledAt - o.postStart) / 1e9).sorted().toArray();
        double[] posts = Arrays.stream(postLatencies).filter(l -> l > 0).mapToDouble(l -> l / 1e9).sorted().toArray();
        double[] cycleMs = cycles.stream().mapToDouble(c -> c / 1e6).sorted().toArray();
        double seconds = (lastActive - firstPost) / 1e9;
        String loadAfter = loadAverage();

        // The check of the method: every order classified active is in the active list now.
        Set<String> activeNow = list("active").ids();
        int misclassified = (int) active.stream().filter(o -> !activeNow.contains(o.id)).count();
        String failureReason = all.stream().filter(o -> "failed".equals(o.finalStatus)).findFirst()
                .map(o -> {
                    try {
                        return client.get(gateway + "/api/v1/orders/" + o.id).path("failureReason").asText();
                    } catch (Exception e) {
                        return e.toString();
                    }
                }).orElse("");

        UpstreamServices upstream = client.upstreamServices();

        Result result = new Result(replicas, orders, placed.size(), postErrors.get(), firstPostError.get(),
                active.size(), failed, failureReason, unsettled.size(), seconds > 0 ? active.size() / seconds : 0,
                percentile(toActive, 50), percentile(toActive, 99), percentile(posts, 50), percentile(posts, 99),
                upstream.total(), upstream.forOrders(placed.keySet()), upstream.duplicates(), cycles.size(), percentile(cycleMs, 50), percentile(cycleMs, 99),
                cycleMs.length == 0 ? 0 : cycleMs[cycleMs.length - 1], singleReads.get(), misclassified,
                (lastPostEnd.get() - firstPost) / 1e9, loadBefore, loadAfter, sellable.description(),
                upstream.callCounts().toString(),
                localDir);
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
