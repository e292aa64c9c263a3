package io.resellhub.launcher.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.resellhub.launcher.LocalStack;
import io.resellhub.launcher.LocalStackConfig;
import io.resellhub.launcher.OrdersThroughGateway;
import io.resellhub.launcher.RunningStack;
import io.resellhub.launcher.SimulatorSettings;
import io.resellhub.launcher.StackPorts;

/**
 * Imports 10,000 upstream plans through the gateway into a real local stack and prints how long it takes,
 * next to a bare fetch+parse of the same export in the same run.
 *
 * <p>What is measured, all against one stack started here (free ports, temp state directory, real
 * PostgreSQL, Kafka, simulator and the four service JVMs, default heaps):
 * <ol>
 * <li><b>bare fetch+parse</b>: one {@code POST <simulator>/billmgr} with
 * {@code func=pricelist.export&out=json&itemtype=certificate&authinfo=user:password} in the form body, the
 * answer parsed fully into a Jackson tree and its plans counted. That is the same filtered export
 * module-service asks for on an import of {@code ssl-certificate}. Three warm-up runs, then the median of
 * nine (the first, cold, run is printed too).</li>
 * <li><b>import</b>: {@code POST /api/v1/tariff-imports} (all plans of {@code ssl-certificate}, no id list)
 * through the gateway, then the job polled every 25 ms through the gateway until it is no longer
 * {@code queued}/{@code running}; seconds from the POST to seeing {@code succeeded}. Every plan is created.</li>
 * <li><b>re-import</b>: the same request again: every plan is already imported, so every tariff is
 * loaded, compared and left unchanged.</li>
 * <li><b>warm imports</b> (three): each deletes the previous module (one upstream account serves one
 * module), attaches the account to a new module and imports the same 10,000 plans into it, so 10,000
 * creates again, with the service JVMs warmer each time. The first import is the figure for a fresh
 * deployment; the median of these is the steady state, the like of the bare fetch's warm median.</li>
 * </ol>
 *
 * <p>The simulator spreads its catalog over three item types (about 30% certificates), and a processing
 * module serves one product type, so an import takes one type. To import 10,000 plans in one job the
 * simulator is given 33,002 plans: with seed 42 that is exactly 10,000 certificates (the benchmark checks
 * the count through {@code /_sim/catalog?itemtype=certificate} and refuses to time anything else). The
 * simulator heap is raised to 512m for the bigger catalog; the services keep the launcher defaults
 * ({@code LOCAL_SERVICE_XMX}, {@code LOCAL_SERVICE_JVM_OPTIONS}: C1 only unless set otherwise; the line
 * of results names them).
 *
 * <p>Targets (issue 7): the import in at most 10 s on a 2-core machine, and at most 5 times the bare fetch.
 * The ratios printed are import seconds / bare median seconds, for the first import and for the median of
 * the warm ones.
 *
 * <p>Not a test: neither surefire nor failsafe picks the name up, so {@code ./mvnw verify} never runs it.
 * The services must be built ({@code <service>/target/quarkus-app/quarkus-run.jar}). From the repository
 * root:
 * <pre>
 * ./mvnw -B -q -o install -DskipTests   # once (local-infra and the simulator must be in ~/.m2), and after service changes
 * ./mvnw -B -q -o -pl deploy/local/launcher test-compile dependency:build-classpath \
 *        -Dmdep.outputFile=target/bench.classpath
 * java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
 *      -cp "deploy/local/launcher/target/test-classes:deploy/local/launcher/target/classes:$(cat deploy/local/launcher/target/bench.classpath)" \
 *      io.resellhub.launcher.bench.ImportThroughGatewayBenchmark [plans] [certificates]
 * </pre>
 * Arguments (optional): the simulator's catalog size (default 33002) and the certificate count it must
 * give (default 10000). The repository root is found from the working directory (or
 * {@code -Dresellhub.root=...}). Startup logs go to the temp directory it prints; it is deleted at the end
 * unless {@code -Dbench.keep=true} (the tariff-service log then shows where the import's time goes:
 * the upstream read, then one line per batch of 500). It runs about a minute; other load on the machine
 * (builds, tests) moves every figure, so run it on a quiet machine.
 */
public final class ImportThroughGatewayBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARMUPS = 3;
    private static final int RUNS = 9;
    private static final int WARM_IMPORTS = 3;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RunningStack stack;
    private final String gateway;
    private final String admin;
    private final String serviceJvm;

    private ImportThroughGatewayBenchmark(RunningStack stack, LocalStackConfig config) {
        this.stack = stack;
        this.serviceJvm = "-Xmx" + config.serviceXmx() + " " + String.join(" ", config.serviceJvmOptions());
        this.gateway = stack.gatewayUrl();
        this.admin = stack.adminToken();
    }

    public static void main(String[] args) throws Exception {
        int plans = args.length > 0 ? Integer.parseInt(args[0]) : 33_002;
        int expectedCertificates = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path root = OrdersThroughGateway.root();
        Path localDir = Files.createTempDirectory("import-benchmark");
        // Launcher settings from the environment (LOCAL_SERVICE_JVM_OPTIONS, say), but the catalog is the benchmark's.
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("SIMULATOR_PLANS", Integer.toString(plans));
        env.put("LOCAL_SIMULATOR_XMX", "512m");
        LocalStackConfig config = LocalStackConfig.fromEnvironment(env, root)
                .withLocalDir(localDir).withPorts(StackPorts.free());
        System.out.println("==> Benchmark: state and logs in " + localDir);
        int exit = 0;
        try (RunningStack stack = LocalStack.start(config)) {
            exit = new ImportThroughGatewayBenchmark(stack, config).run(plans, expectedCertificates);
        } finally {
            if (!Boolean.getBoolean("bench.keep")) {
                OrdersThroughGateway.deleteTree(localDir);
            }
        }
        System.exit(exit);
    }

    private int run(int plans, int expectedCertificates) throws Exception {
        SimulatorSettings sim = stack.simulatorSettings();
        int certificates = get(stack.simulatorUrl() + "/_sim/catalog?itemtype=certificate", null)
                .path("plans").size();
        if (certificates != expectedCertificates) {
            System.err.printf("The simulator offers %d certificate plans, not %d: pass the catalog size that gives"
                    + " them (e.g. 33002 for 10000 with seed 42)%n", certificates, expectedCertificates);
            return 2;
        }

        String moduleId = createModule(sim, "Benchmark SSL");

        // (a) The bare fetch+parse of the same filtered export module-service asks for.
        String form = "func=pricelist.export&out=json&itemtype=certificate&authinfo="
                + URLEncoder.encode(sim.username() + ":" + sim.password(), StandardCharsets.UTF_8);
        long[] bare = new long[WARMUPS + RUNS];
        int parsed = 0;
        long bytes = 0;
        for (int i = 0; i < bare.length; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(stack.simulatorUrl() + "/billmgr"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            long start = System.nanoTime();
            HttpResponse<InputStream> answer = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            JsonNode doc;
            try (CountingStream body = new CountingStream(answer.body())) {
                doc = JSON.readTree(body);
                bytes = body.count;
            }
            bare[i] = System.nanoTime() - start;
            JsonNode elems = doc.path("doc").path("elem");
            parsed = elems.isArray() ? elems.size() : elems.isObject() ? 1 : 0;
        }
        if (parsed != certificates) {
            System.err.printf("The bare export parsed %d plans, the catalog has %d%n", parsed, certificates);
            return 2;
        }
        long[] warmBare = Arrays.copyOfRange(bare, WARMUPS, bare.length);
        Arrays.sort(warmBare);
        double bareMedian = warmBare[warmBare.length / 2] / 1e9;

        Map<String, Object> importAll = Map.of("processingModuleId", moduleId, "productType", "ssl-certificate",
                "provider", "Benchmark");
        Timed first = importThroughGateway(importAll);
        Timed second = importThroughGateway(importAll);
        long total = get(gateway + "/api/v1/tariffs?processingModuleId=" + moduleId + "&size=1", admin)
                .path("total").asLong();
        // Warm imports: one upstream account serves one module, so each deletes the previous module and
        // attaches the account to a new one, whose 10,000 tariffs are all created again.
        List<Timed> warm = new ArrayList<>();
        String previous = moduleId;
        for (int i = 1; i <= WARM_IMPORTS; i++) {
            require(send("DELETE", gateway + "/api/v1/processing-modules/" + previous, null), 204);
            previous = createModule(sim, "Benchmark SSL (warm " + i + ")");
            warm.add(importThroughGateway(Map.of("processingModuleId", previous, "productType", "ssl-certificate",
                    "provider", "Benchmark")));
        }
        double[] warmSeconds = warm.stream().mapToDouble(Timed::seconds).sorted().toArray();
        double warmMedian = warmSeconds[warmSeconds.length / 2];

        System.out.println();
        System.out.printf("==> Import of %d simulator plans through the gateway (catalog of %d plans, seed %d;"
                + " service JVMs: %s)%n", certificates, plans, sim.seed(), serviceJvm);
        System.out.printf("    bare fetch+parse (out=json, itemtype=certificate, %.1f MB): median %.0f ms of %d"
                        + " (min %.0f, max %.0f; cold first run %.0f ms)%n", bytes / 1e6, bareMedian * 1e3, RUNS,
                warmBare[0] / 1e6, warmBare[warmBare.length - 1] / 1e6, bare[0] / 1e6);
        System.out.printf("    import, POST -> succeeded  : %6.2f s  (first, cold JVMs; job: %s; server-side %s)%n",
                first.seconds, first.counts, first.serverSide);
        System.out.printf("    re-import                  : %6.2f s  (job: %s; server-side %s)%n", second.seconds,
                second.counts, second.serverSide);
        for (int i = 0; i < warm.size(); i++) {
            System.out.printf("    warm import %d (new module) : %6.2f s  (job: %s; server-side %s)%n", i + 1,
                    warm.get(i).seconds, warm.get(i).counts, warm.get(i).serverSide);
        }
        System.out.printf("    ratio to the bare median: first import %.1fx, warm import median (%.2f s) %.1fx"
                + " (target <= 5x), re-import %.1fx%n", first.seconds / bareMedian, warmMedian,
                warmMedian / bareMedian, second.seconds / bareMedian);
        System.out.printf("    target import <= 10 s: %s; tariffs stored: %d%n",
                first.seconds <= 10 ? "met" : "MISSED", total);
        boolean ok = "succeeded".equals(first.status) && "succeeded".equals(second.status)
                && warm.stream().allMatch(w -> "succeeded".equals(w.status)) && total == certificates;
        return ok ? 0 : 1;
    }

    private String createModule(SimulatorSettings sim, String name) throws Exception {
        Map<String, Object> module = new LinkedHashMap<>();
        module.put("productType", "ssl-certificate");
        module.put("moduleType", "billmanager5");
        module.put("name", name);
        module.put("department", "Technical support");
        module.put("sort", 10);
        module.put("minimalBalance", "100.00");
        module.put("integration", Map.of("url", stack.simulatorUrl(), "username", sim.username(),
                "password", sim.password()));
        HttpResponse<String> created = send("POST", gateway + "/api/v1/processing-modules", module);
        require(created, 201);
        return JSON.readTree(created.body()).path("id").asText();
    }

    private record Timed(double seconds, String status, String counts, String serverSide) {
    }

    private Timed importThroughGateway(Map<String, Object> body) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> accepted = send("POST", gateway + "/api/v1/tariff-imports", body);
        require(accepted, 202);
        String job = accepted.headers().firstValue("Location").orElseThrow();
        JsonNode view;
        while (true) {
            view = get(job, admin);
            String status = view.path("status").asText();
            if (!status.equals("queued") && !status.equals("running")) {
                break;
            }
            Thread.sleep(25); // polling interval of a timing loop, not a wait for a condition in a test
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String counts = String.format("%s, total %d, created %d, updated %d, unchanged %d, failed %d",
                view.path("status").asText(), view.path("total").asInt(), view.path("created").asInt(),
                view.path("updated").asInt(), view.path("unchanged").asInt(), view.path("failed").asInt());
        String serverSide = "n/a";
        if (view.hasNonNull("startedAt") && view.hasNonNull("finishedAt")) {
            Duration run = Duration.between(Instant.parse(view.path("startedAt").asText()),
                    Instant.parse(view.path("finishedAt").asText()));
            serverSide = String.format("startedAt -> finishedAt %.2f s", run.toMillis() / 1e3);
        }
        return new Timed(seconds, view.path("status").asText(), counts, serverSide);
    }

    private HttpResponse<String> send(String method, String url, Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        require(answer, 200);
        return JSON.readTree(answer.body());
    }

    private static void require(HttpResponse<String> answer, int status) {
        if (answer.statusCode() != status) {
            throw new IllegalStateException(answer.request().method() + " " + answer.uri() + " answered "
                    + answer.statusCode() + " (expected " + status + "): " + answer.body());
        }
    }

    /** Counts the bytes of the answer while Jackson reads it. */
    private static final class CountingStream extends java.io.FilterInputStream {

        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
