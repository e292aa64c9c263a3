package io.resellhub.launcher.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.resellhub.launcher.LocalStack;
import io.resellhub.launcher.LocalStackConfig;
import io.resellhub.launcher.OrdersThroughGateway;
import io.resellhub.launcher.OrdersThroughGateway.Sellable;
import io.resellhub.launcher.RunningStack;
import io.resellhub.launcher.Service;
import io.resellhub.localinfra.PostgresServer;

/**
 * The public catalog through the gateway next to the gateway's bare endpoint ({@code /q/health/live} on the
 * gateway's management port: the same Vert.x HTTP stack in the same JVM, no downstream; health is not served on
 * the API port, and no bare endpoint is added to the API for a benchmark), measured with {@code wrk} in one run on a real local stack, with 1,000 and then
 * 100,000 tariffs on sale, the first page and the last (deep) page of 50, at 1, 16 and 64 connections; and how long
 * an enable through the gateway takes to show in {@code GET /api/v1/catalog/{id}} (50 enables at each size).
 *
 * <p>Every request carries the headers a browser or a storefront server sends ({@code Accept: application/json},
 * {@code Accept-Encoding: gzip, deflate, br}), to the catalog and to the bare endpoint alike, so the catalog
 * answers gzip as it does for them; one more row per size (first page, 64 connections) asks without
 * {@code Accept-Encoding}, for comparison. The table shows the size of each answer's body as sent.
 *
 * <p>Tariffs on sale: one certificate plan is imported from the simulator and enabled through the gateway (the
 * whole path: import, events, projection, enable); the others are written straight into reselling-service's
 * database in one statement each ({@code generate_series}): read-model rows ({@code tariff_view}), reselling
 * state (enabled) and catalog rows on sale under a new catalog version, as the enable would leave them.
 * tariff-service does not know them; the catalog, which reads only reselling-service, does not need it to.
 *
 * <p>Not a test: neither surefire nor failsafe picks the name up. Needs {@code wrk} on the PATH
 * ({@code apt-get install -y wrk} on Debian/Ubuntu, {@code brew install wrk} on macOS). From the repository root:
 * <pre>
 * ./mvnw -B -q -o package -DskipTests
 * ./mvnw -B -q -o -pl deploy/local/launcher -am test-compile dependency:build-classpath \
 *        -Dmdep.outputFile=target/bench.classpath
 * java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
 *      -cp "deploy/local/launcher/target/test-classes:deploy/local/launcher/target/classes:$(cat deploy/local/launcher/target/bench.classpath)" \
 *      io.resellhub.launcher.bench.CatalogBenchmark
 * </pre>
 * System properties, all optional: {@code sizes} (tariffs on sale, default {@code 1000,100000}), {@code seconds}
 * (per wrk run, default 5), {@code enables} (default 50), {@code bench.keep=true} (keep the temp state directory).
 * Other load on the machine moves every figure; the ratios of one run are what compare.
 */
public final class CatalogBenchmark {

    private static final int PAGE_SIZE = 50;
    private static final int[] CONNECTIONS = {1, 16, 64};

    private final RunningStack stack;
    private final OrdersThroughGateway client;
    private final String gateway;
    private final String gatewayManagement;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final UUID benchModule = UUID.randomUUID();
    private int populated;

    private record Wrk(double requestsPerSecond, double p50Ms, double p99Ms, long errors) {
    }

    /** The headers a browser or a storefront server sends with every request. */
    private static final List<String> BROWSER_HEADERS = List.of("Accept: application/json",
            "Accept-Encoding: gzip, deflate, br");

    private record Row(int tariffs, String page, String encoding, long catalogBytes, long bareBytes, int connections,
            Wrk catalog, Wrk bare) {
    }

    private record Visibility(int tariffs, double p50Ms, double p99Ms, double maxMs, double postP50Ms) {
    }

    private CatalogBenchmark(RunningStack stack) {
        this.stack = stack;
        this.client = new OrdersThroughGateway(stack);
        this.gateway = stack.gatewayUrl();
        this.gatewayManagement = stack.managementUrl(Service.GATEWAY);
    }

    public static void main(String[] args) throws Exception {
        if (new ProcessBuilder("sh", "-c", "command -v wrk").start().waitFor() != 0) {
            System.err.println("wrk is not installed. Install it (Debian/Ubuntu: apt-get install -y wrk;"
                    + " macOS: brew install wrk) and run the benchmark again.");
            System.exit(2);
        }
        List<Integer> sizes = Arrays.stream(System.getProperty("sizes", "1000,100000").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).sorted().toList();
        int seconds = Integer.getInteger("seconds", 5);
        int enables = Integer.getInteger("enables", 50);
        boolean keep = Boolean.getBoolean("bench.keep");
        Path localDir = Files.createTempDirectory("catalog-benchmark");
        LocalStackConfig config = LocalStackConfig.fromEnvironment(new HashMap<>(System.getenv()),
                OrdersThroughGateway.root()).withLocalDir(localDir).withPorts(OrdersThroughGateway.freePorts(1));
        List<Row> rows = new ArrayList<>();
        List<Visibility> visibility = new ArrayList<>();
        String loadBefore = loadAverage();
        try (RunningStack stack = LocalStack.start(config)) {
            CatalogBenchmark bench = new CatalogBenchmark(stack);
            Sellable sellable = bench.client.importAndEnable(bench.client.createCertificateModule("Catalog bench"),
                    "Benchmark");
            for (int size : sizes) {
                long started = System.nanoTime();
                bench.populate(size);
                System.out.printf("==> %,d tariffs on sale; the gateway showed them %d ms after the insert began%n",
                        size, (System.nanoTime() - started) / 1_000_000);
                visibility.add(bench.enableToVisible(size, sellable.tariffId(), enables));
                rows.addAll(bench.measure(size, seconds));
            }
        } finally {
            if (!keep) {
                OrdersThroughGateway.deleteTree(localDir);
            }
        }

        System.out.println();
        System.out.printf("==> Catalog vs the gateway's bare endpoint (/q/health/live, management port), wrk %d s per"
                + " run with a browser's Accept and Accept-Encoding headers unless the row says (none), page size %d;"
                + " %d cores, load average %s before and %s after; service JVMs: -Xmx%s %s%n", seconds, PAGE_SIZE,
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(), config.serviceXmx(),
                String.join(" ", config.serviceJvmOptions()));
        System.out.println();
        System.out.println("| tariffs on sale | page | Accept-Encoding | body bytes catalog / bare | connections"
                + " | catalog req/s | p50 | p99 | bare req/s | p50 | p99 | catalog / bare |");
        System.out.println("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            System.out.printf("| %,d | %s | %s | %,d / %,d | %d | %,.0f | %.2f ms | %.2f ms | %,.0f | %.2f ms | %.2f ms"
                    + " | %.0f %% |%s%n", r.tariffs, r.page, r.encoding, r.catalogBytes, r.bareBytes, r.connections,
                    r.catalog.requestsPerSecond, r.catalog.p50Ms, r.catalog.p99Ms,
                    r.bare.requestsPerSecond, r.bare.p50Ms, r.bare.p99Ms,
                    100 * r.catalog.requestsPerSecond / r.bare.requestsPerSecond,
                    r.catalog.errors + r.bare.errors == 0 ? "" : " errors: " + r.catalog.errors + "/" + r.bare.errors);
        }
        System.out.println();
        System.out.println("| tariffs on sale | enables | POST enable -> in GET /catalog/{id}: p50 | p99 | max"
                + " | POST alone p50 |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (Visibility v : visibility) {
            System.out.printf("| %,d | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n", v.tariffs, enables, v.p50Ms,
                    v.p99Ms, v.maxMs, v.postP50Ms);
        }
        System.exit(0);
    }

    /** Brings the tariffs on sale up to {@code size} (one is the imported tariff) and waits until the gateway shows it. */
    private void populate(int size) throws Exception {
        int from = populated + 1;
        int to = size - 1;
        String url = stack.postgres().jdbcUrl("reselling_service");
        try (Connection db = DriverManager.getConnection(url, PostgresServer.USERNAME, PostgresServer.PASSWORD)) {
            db.setAutoCommit(false);
            try (PreparedStatement view = db.prepareStatement("""
                    INSERT INTO tariff_view (id, processing_module_id, upstream_tariff_id, product_type, name, provider,
                        prices, upstream_available, upstream_removed, below_cost, version, updated_at)
                    SELECT gen_random_uuid(), ?, 'bench-' || i, 'ssl-certificate', 'Bench tariff ' || lpad(i::text, 6, '0'),
                           'Provider ' || (i % 10),
                           jsonb_build_array(
                               jsonb_build_object('period', 1, 'amount', (i % 90 + 10) || '.00', 'currency', 'USD',
                                   'upstreamCost', '5.00'),
                               jsonb_build_object('period', 12, 'amount', (i % 900 + 100) || '.00', 'currency', 'USD',
                                   'upstreamCost', '50.00')),
                           true, false, false, 1, now()
                    FROM generate_series(?, ?) AS i""");
                    PreparedStatement state = db.prepareStatement("""
                    INSERT INTO tariff_reselling_state (tariff_id, enabled, changed_at, version, tariff_version)
                    SELECT id, true, now(), 1, 1 FROM tariff_view WHERE processing_module_id = ?
                    ON CONFLICT (tariff_id) DO NOTHING""");
                    PreparedStatement catalog = db.prepareStatement("""
                    WITH next AS (UPDATE catalog_version SET version = version + 1 RETURNING version)
                    INSERT INTO catalog_entry (tariff_id, product_type, name, provider, prices, on_sale, version)
                    SELECT v.id, v.product_type, v.name, v.provider,
                           (SELECT jsonb_agg(jsonb_build_object('period', p -> 'period', 'amount', p -> 'amount',
                                   'currency', p -> 'currency') ORDER BY (p ->> 'period')::int)
                            FROM jsonb_array_elements(v.prices) AS p), true, next.version
                    FROM tariff_view v CROSS JOIN next WHERE v.processing_module_id = ?
                    ON CONFLICT (tariff_id) DO NOTHING""")) {
                view.setObject(1, benchModule);
                view.setInt(2, from);
                view.setInt(3, to);
                view.executeUpdate();
                state.setObject(1, benchModule);
                state.executeUpdate();
                catalog.setObject(1, benchModule);
                catalog.executeUpdate();
            }
            db.commit();
        }
        populated = to;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (total() != size) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The gateway shows " + total() + " tariffs on sale, not " + size);
            }
            Thread.sleep(20); // polling interval of a set-up step
        }
    }

    private long total() throws Exception {
        return OrdersThroughGateway.readTree(get(gateway + "/api/v1/catalog?size=1").body()).path("total").asLong();
    }

    /** Disables and enables one tariff through the gateway {@code rounds} times; per enable, POST to visible. */
    private Visibility enableToVisible(int size, String tariffId, int rounds) throws Exception {
        double[] visible = new double[rounds];
        double[] post = new double[rounds];
        Map<String, Object> body = Map.of("ids", List.of(tariffId));
        for (int i = 0; i < rounds; i++) {
            require(client.send("POST", gateway + "/api/v1/tariffs/disable", body), "disable");
            while (get(gateway + "/api/v1/catalog/" + tariffId).statusCode() != 404) {
                Thread.sleep(5); // polling interval of a set-up step
            }
            long start = System.nanoTime();
            require(client.send("POST", gateway + "/api/v1/tariffs/enable", body), "enable");
            post[i] = (System.nanoTime() - start) / 1e6;
            while (get(gateway + "/api/v1/catalog/" + tariffId).statusCode() != 200) {
                Thread.onSpinWait();
            }
            visible[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(visible);
        Arrays.sort(post);
        return new Visibility(size, percentile(visible, 50), percentile(visible, 99), visible[rounds - 1],
                percentile(post, 50));
    }

    private List<Row> measure(int size, int seconds) throws Exception {
        int lastPage = (size + PAGE_SIZE - 1) / PAGE_SIZE - 1;
        String first = gateway + "/api/v1/catalog?size=" + PAGE_SIZE;
        String deep = gateway + "/api/v1/catalog?size=" + PAGE_SIZE + "&page=" + lastPage;
        String bare = gatewayManagement + "/q/health/live";
        for (String url : List.of(bare, first, deep)) {
            wrk(url, 16, 2, BROWSER_HEADERS); // warm-up
        }
        String gzip = "gzip, deflate, br";
        long bareBytes = bodyBytes(bare, BROWSER_HEADERS);
        long firstBytes = bodyBytes(first, BROWSER_HEADERS);
        long deepBytes = bodyBytes(deep, BROWSER_HEADERS);
        List<Row> rows = new ArrayList<>();
        for (int connections : CONNECTIONS) {
            Wrk bareRun = wrk(bare, connections, seconds, BROWSER_HEADERS);
            rows.add(new Row(size, "first", gzip, firstBytes, bareBytes, connections,
                    wrk(first, connections, seconds, BROWSER_HEADERS), bareRun));
            rows.add(new Row(size, "deep (" + lastPage + ")", gzip, deepBytes, bareBytes, connections,
                    wrk(deep, connections, seconds, BROWSER_HEADERS), bareRun));
        }
        int most = CONNECTIONS[CONNECTIONS.length - 1];
        rows.add(new Row(size, "first", "(none)", bodyBytes(first, List.of()), bodyBytes(bare, List.of()), most,
                wrk(first, most, seconds, List.of()), wrk(bare, most, seconds, List.of())));
        return rows;
    }

    /** The size of the body of one answer to {@code url} with {@code headers}, as sent (gzip not undone). */
    private long bodyBytes(String url, List<String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        for (String header : headers) {
            String[] nameAndValue = header.split(":\\s*", 2);
            request.header(nameAndValue[0], nameAndValue[1]);
        }
        HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + answer.statusCode());
        }
        return answer.body().length;
    }

    private static Wrk wrk(String url, int connections, int seconds, List<String> headers)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + Math.min(2, connections), "-c" + connections,
                "-d" + seconds + "s", "--latency"));
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
        Matcher p50 = Pattern.compile("\\n\\s+50%\\s+([0-9.]+)(us|ms|s)").matcher(output);
        Matcher p99 = Pattern.compile("\\n\\s+99%\\s+([0-9.]+)(us|ms|s)").matcher(output);
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(output);
        Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
                .matcher(output);
        if (!rps.find() || !p50.find() || !p99.find()) {
            throw new IllegalStateException("Unreadable wrk output for " + url + ":\n" + output);
        }
        long errors = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        return new Wrk(Double.parseDouble(rps.group(1)), millis(p50), millis(p99), errors);
    }

    private static double millis(Matcher m) {
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void require(HttpResponse<String> answer, String what) {
        if (answer.statusCode() != 200 || answer.body().contains("\"error\"")) {
            throw new IllegalStateException(what + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private static double percentile(double[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "n/a";
        }
    }
}
