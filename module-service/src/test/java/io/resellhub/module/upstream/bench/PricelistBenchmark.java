package io.resellhub.module.upstream.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.quarkus.runtime.configuration.DurationConverter;
import io.resellhub.module.upstream.BillmanagerClient;
import io.resellhub.module.upstream.UpstreamConfig;
import io.resellhub.module.upstream.UpstreamConnection;
import io.resellhub.module.upstream.UpstreamPlan;
import io.resellhub.simulator.BillmanagerSimulator;
import io.resellhub.simulator.SimulatorConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Not a test: how long the client takes to fetch and parse a 10,000-plan {@code pricelist.export} from the
 * simulator, against a plain {@link HttpClient} POST of the same request that only reads the body into a
 * String, in the same JVM and run. Each format the client can use is measured.
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -q -pl module-service test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
 * java -cp module-service/target/test-classes:module-service/target/classes:$(cat module-service/target/bench.cp) \
 *     io.resellhub.module.upstream.bench.PricelistBenchmark [plans=10000] [runs=15] [warmup=5] [client-only]
 * </pre>
 */
public final class PricelistBenchmark {

    private PricelistBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int plans = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        // "client-only" skips the String baseline, e.g. to see the client fit a small heap (-Xmx48m)
        boolean baseline = args.length <= 3 || !"client-only".equals(args[3]);

        try (BillmanagerSimulator sim = BillmanagerSimulator.start(SimulatorConfig.defaults().withPort(0)
                .withPlans(plans).withLogCalls(false))) {
            System.out.printf(Locale.ROOT, "simulator: %d plans at %s, started in %d ms; %d warm-up and %d measured runs%n",
                    plans, sim.baseUrl(), sim.startupTime().toMillis(), warmup, runs);
            UpstreamConnection connection = new UpstreamConnection(sim.baseUrl(), sim.username(), sim.password());
            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            for (UpstreamConfig.OutputFormat format : UpstreamConfig.OutputFormat.values()) {
                BillmanagerClient client = new BillmanagerClient(config(format));
                HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("func=pricelist.export&out=" + format.code()
                                + "&lang=en&authinfo=" + URLEncoder.encode(sim.authinfo(), StandardCharsets.UTF_8)))
                        .build();

                int[] size = new int[1];
                Supplier<Object> plainCall = !baseline ? () -> Boolean.TRUE : () -> {
                    try {
                        String body = plain.send(request, HttpResponse.BodyHandlers.ofString()).body();
                        size[0] = body.length();
                        return body;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
                Supplier<Object> clientCall = () -> {
                    List<UpstreamPlan> all = client.listTariffs(connection);
                    if (all.size() != plans) {
                        throw new IllegalStateException("expected " + plans + " plans, got " + all.size());
                    }
                    return all;
                };

                for (int i = 0; i < warmup; i++) {
                    clientCall.get();
                    plainCall.get();
                }
                Result client1 = new Result();
                Result plain1 = new Result();
                for (int i = 0; i < runs; i++) {
                    // alternate which goes first, so drift on a shared machine hits both alike
                    if (i % 2 == 0) {
                        client1.add(clientCall);
                        plain1.add(plainCall);
                    } else {
                        plain1.add(plainCall);
                        client1.add(clientCall);
                    }
                }
                System.out.printf(Locale.ROOT, "%-5s%s%n", format.code(),
                        baseline ? String.format(Locale.ROOT, " body %,d chars", size[0]) : "");
                System.out.printf(Locale.ROOT, "  client.listTariffs (fetch + parse %d plans): median %6.1f ms, min %6.1f ms, "
                        + "allocated %,d KB/run (all threads, simulator included)%n", plans, client1.median(), client1.min(),
                        client1.allocatedKbPerRun());
                if (baseline) {
                    System.out.printf(Locale.ROOT, "  plain HttpClient POST, body as String:       median %6.1f ms, min %6.1f ms, "
                            + "allocated %,d KB/run (all threads, simulator included)%n", plain1.median(), plain1.min(),
                            plain1.allocatedKbPerRun());
                    System.out.printf(Locale.ROOT, "  ratio client/plain: median %.2f, min %.2f%n",
                            client1.median() / plain1.median(), client1.min() / plain1.min());
                }
            }
        }
    }

    private static UpstreamConfig config(UpstreamConfig.OutputFormat format) {
        return new SmallRyeConfigBuilder()
                .withMapping(UpstreamConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(
                        java.util.Map.of("module-service.upstream.output-format", format.code()), "bench", 500))
                .build()
                .getConfigMapping(UpstreamConfig.class);
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes allocated by every live thread (the HTTP client reads on its own threads). */
    private static long allocatedByAllThreads() {
        long total = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            total += Math.max(bytes, 0);
        }
        return total;
    }

    private static final class Result {
        final List<Double> millis = new ArrayList<>();
        long allocated;

        void add(Supplier<Object> call) {
            long before = allocatedByAllThreads();
            long start = System.nanoTime();
            Object kept = call.get();
            millis.add((System.nanoTime() - start) / 1_000_000.0);
            allocated += allocatedByAllThreads() - before;
            if (kept == null) {
                throw new IllegalStateException("no result");
            }
        }

        long allocatedKbPerRun() {
            return allocated / millis.size() / 1024;
        }

        double median() {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        double min() {
            return Collections.min(millis);
        }
    }
}
