package io.resellhub.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.resellhub.launcher.EventFlow.Consumer;
import io.resellhub.launcher.EventFlow.Figures;

/**
 * Four drills of the event plumbing on the real stack, with two replicas of every backend service (module-,
 * tariff- and reselling-service as separate JVMs on one database each and one Kafka consumer group each; the
 * gateway calls the replicas of a service in turn), PostgreSQL, Kafka and the simulator offering 10,000
 * certificate plans. Everything goes through the gateway with the admin token; the figures and the read models
 * that have no API (processed events, {@code module_enabled_tariff}, reselling-service's projection) are read
 * from the databases and the topics ({@link EventFlow}). One processing module serves all four (one upstream
 * account serves one module); each drill works on tariffs of its own. Each prints one line of figures.
 *
 * <ol>
 * <li>{@link #tariffServiceKilledMidImport}: the replica running a 10,000-plan import is killed with SIGKILL
 * once some batches are in, then restarted; the job must resume (the import lease is {@value #IMPORT_STALE_AFTER}
 * here instead of 2 min) and succeed, with exactly one tariff per plan in tariff-service and in
 * reselling-service's projection, every event applied.</li>
 * <li>{@link #enableDisableBurstOnTwoReplicas}: {@value #BURST_CLIENTS} clients send enable/disable pairs for
 * {@value #BURST_TARIFFS} tariffs at once through both replicas; every read model (reselling-service's state and
 * catalog, tariff-service's status, module-service's {@code module_enabled_tariff}) must end at each tariff's
 * last request.</li>
 * <li>{@link #postgresRestartedUnderLoad}: reads and writes on every service run while PostgreSQL is stopped for
 * {@link #OUTAGE} and started again; every answer is a success or a 503 problem (never a 500), every service
 * answers again without a restart, and every event written gets applied.</li>
 * <li>{@link #kafkaStoppedDuringBulkEnable}: {@value #KAFKA_TARIFFS} tariffs are enabled in requests of
 * {@value #ENABLE_BATCH}, the broker stopped after the first and started again on the same ports and data
 * {@link #KAFKA_OUTAGE} later; every enable is accepted and every service stays ready while it is down, the
 * outboxes drain after, each {@code tariff.enabled} is applied once by each consumer and the catalog ends at exactly
 * the enabled set. Last, so a broker that does not come back spoils no other drill.</li>
 * </ol>
 *
 * <p>The state directory is deleted after a pass and kept (path printed; logs in {@code logs/}) after a
 * failure, or always with {@code -Ddrill.keep=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventDrillsIT {

    /** With seed 42 the simulator's catalog of 33,002 plans holds exactly 10,000 certificates. */
    private static final int PLANS = 33_002;
    private static final int CERTIFICATES = 10_000;
    private static final String IMPORT_STALE_AFTER = "10s";
    private static final int IMPORT_BATCH = 500;
    private static final int KILL_AFTER_PROCESSED = 2 * IMPORT_BATCH;
    private static final int BURST_TARIFFS = 40;
    private static final int BURST_CLIENTS = 4;
    private static final int BURST_PAIRS = 8;
    private static final int OUTAGE_TARIFFS = 8;
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final int KAFKA_TARIFFS = 5_000;
    /** The most ids one bulk enable takes (the public API contract). */
    private static final int ENABLE_BATCH = 1_000;
    private static final Duration KAFKA_OUTAGE = Duration.ofSeconds(20);
    private static final String ENABLED_TARIFFS = "/api/v1/tariffs?status=enabled";
    private static final String CATALOG = "/api/v1/catalog?productType=ssl-certificate";
    private static final Duration CONVERGENCE = Duration.ofSeconds(90);
    private static final String PROBLEM = "application/problem+json";

    private Path localDir;
    private RunningStack stack;
    private OrdersThroughGateway client;
    private String gateway;
    private String moduleId;
    /** Tariffs an earlier drill worked on: each drill takes others. */
    private final Set<String> used = new HashSet<>();
    private boolean failed;

    @BeforeAll
    void startStack() throws Exception {
        localDir = Files.createTempDirectory("event-drills-it");
        LocalStackConfig config = LocalStackConfig.fromEnvironment(Map.of(
                        "LOCAL_MODULE_SERVICE_REPLICAS", "2",
                        "LOCAL_TARIFF_SERVICE_REPLICAS", "2",
                        "LOCAL_RESELLING_SERVICE_REPLICAS", "2",
                        "SIMULATOR_PLANS", Integer.toString(PLANS),
                        "LOCAL_SIMULATOR_XMX", "512m"), OrdersThroughGateway.root())
                .withLocalDir(localDir)
                .withPorts(OrdersThroughGateway.freePorts(2))
                .withServiceEnvironment(Map.of(
                        "TARIFF_IMPORT_STALE_AFTER", IMPORT_STALE_AFTER,
                        "TARIFF_IMPORT_BATCH_SIZE", Integer.toString(IMPORT_BATCH)));
        stack = LocalStack.start(config);
        client = new OrdersThroughGateway(stack);
        gateway = stack.gatewayUrl();
        int certificates = client.get(stack.simulatorUrl() + "/_sim/catalog?itemtype=certificate").path("plans").size();
        assertEquals(CERTIFICATES, certificates, "certificate plans the simulator offers");
        moduleId = client.createCertificateModule("Drill SSL");
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
        if (localDir != null) {
            if (!failed && !Boolean.getBoolean("drill.keep")) {
                OrdersThroughGateway.deleteTree(localDir);
            } else {
                System.out.println("==> Drill state and logs kept in " + localDir);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 1. tariff-service killed with SIGKILL in the middle of a 10,000-plan import

    @Test
    @Order(1)
    void tariffServiceKilledMidImport() throws Exception {
        guard(() -> {
            EventFlow tariffs = EventFlow.mark(stack, "tariffs", "tariff_service",
                    new Consumer("reselling_service", "reselling-service.tariffs"));
            long posted = System.nanoTime();
            HttpResponse<String> accepted = client.send("POST", gateway + "/api/v1/tariff-imports", Map.of(
                    "processingModuleId", moduleId, "productType", "ssl-certificate", "provider", "Drill"));
            assertEquals(202, accepted.statusCode(), accepted.body());
            String job = accepted.headers().firstValue("Location").orElseThrow();
            String jobId = job.substring(job.lastIndexOf('/') + 1);

            JsonNode before = awaitJson(job, view -> view.path("processed").asInt() >= KILL_AFTER_PROCESSED
                    || !view.path("status").asText().matches("queued|running"), Duration.ofSeconds(120));
            assertEquals("running", before.path("status").asText(), "the import was still running at the kill: "
                    + before);
            ServiceInstance owner = importRunner(jobId);
            long pid = stack.kill(owner);
            long killed = System.nanoTime();
            int processedAtKill = before.path("processed").asInt();
            stack.restart(owner);
            double restartedAfter = seconds(killed);

            JsonNode done = awaitJson(job, view -> !view.path("status").asText().matches("queued|running"),
                    CONVERGENCE);
            double jobDone = seconds(killed);
            assertEquals("succeeded", done.path("status").asText(), done.toString());
            assertEquals(CERTIFICATES, done.path("total").asInt(), done.toString());
            assertEquals(CERTIFICATES, done.path("created").asInt() + done.path("unchanged").asInt()
                    + done.path("updated").asInt(), "every plan created or found by the resumed run: " + done);
            int attempts = single("tariff_service", "SELECT attempts FROM tariff_import WHERE id = '" + jobId + "'");

            Figures figures = awaitSettled(tariffs);
            double converged = seconds(killed);
            int tariffRows = single("tariff_service", "SELECT count(*) FROM tariff WHERE processing_module_id = '"
                    + moduleId + "'");
            int tariffPlans = single("tariff_service", "SELECT count(DISTINCT upstream_tariff_id) FROM tariff"
                    + " WHERE processing_module_id = '" + moduleId + "'");
            int viewRows = single("reselling_service", "SELECT count(*) FROM tariff_view WHERE processing_module_id = '"
                    + moduleId + "'");
            int viewPlans = single("reselling_service", "SELECT count(DISTINCT upstream_tariff_id) FROM tariff_view"
                    + " WHERE processing_module_id = '" + moduleId + "'");
            long listed = client.get(gateway + "/api/v1/tariffs?processingModuleId=" + moduleId + "&size=1")
                    .path("total").asLong();

            System.out.printf("==> Drill import-kill: %d plans; %s (pid %d) SIGKILLed with %d processed, restarted"
                    + " and ready %.1f s after the kill; job succeeded %.1f s after the kill after %d attempts"
                    + " (created %d, unchanged %d on the resumed run); tariffs %d rows for %d plans, listed %d;"
                    + " reselling-service projection %d rows for %d plans; events: %s; converged %.1f s after the"
                    + " kill, %.1f s after the POST%n", CERTIFICATES, owner, pid, processedAtKill, restartedAfter,
                    jobDone, attempts, done.path("created").asInt(), done.path("unchanged").asInt(), tariffRows,
                    tariffPlans, listed, viewRows, viewPlans, figures, converged, seconds(posted));

            assertEquals(2, attempts, "the job was resumed exactly once, by one replica");
            assertEquals(CERTIFICATES, tariffRows, "one tariff per plan in tariff-service");
            assertEquals(CERTIFICATES, tariffPlans);
            assertEquals(CERTIFICATES, listed);
            assertEquals(CERTIFICATES, figures.written(), "one tariff.created per plan, none twice");
            assertTrue(figures.settled(), "every event published and applied: " + figures);
            assertEquals(CERTIFICATES, viewRows, "exactly one tariff per plan in reselling-service's projection");
            assertEquals(CERTIFICATES, viewPlans);
        });
    }

    /** The tariff-service replica whose log shows it started the job. */
    private ServiceInstance importRunner(String jobId) throws Exception {
        for (int replica = 1; replica <= stack.config().replicas(Service.TARIFF_SERVICE); replica++) {
            ServiceInstance instance = new ServiceInstance(Service.TARIFF_SERVICE, replica);
            if (Files.readString(stack.logFile(instance.name())).contains("Tariff import " + jobId + " started")) {
                return instance;
            }
        }
        throw new IllegalStateException("No tariff-service log shows import " + jobId + " started");
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2. Two replicas of every service, a burst of enable/disable pairs on the same tariffs

    @Test
    @Order(2)
    void enableDisableBurstOnTwoReplicas() throws Exception {
        guard(() -> {
            List<String> tariffs = sellableTariffs(BURST_TARIFFS);
            EventFlow reselling = EventFlow.mark(stack, "reselling", "reselling_service",
                    new Consumer("tariff_service", "tariff-service.reselling"),
                    new Consumer("module_service", "module-service.reselling"));

            // Each client owns a slice of the tariffs, so each tariff's requests are sequential and its last one
            // is known; the slices' requests run at once through both replicas of every service.
            Map<String, Boolean> expected = new ConcurrentHashMap<>();
            List<String> refused = Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(BURST_CLIENTS);
            List<Future<Integer>> sent = new ArrayList<>();
            long start = System.nanoTime();
            int slice = BURST_TARIFFS / BURST_CLIENTS;
            for (int c = 0; c < BURST_CLIENTS; c++) {
                List<String> mine = tariffs.subList(c * slice, (c + 1) * slice);
                int seed = c;
                sent.add(clients.submit(() -> {
                    int requests = 0;
                    for (int pair = 0; pair < BURST_PAIRS; pair++) {
                        // whole slice, then one tariff at a time: batches and single requests interleave
                        List<String> batch = pair % 2 == 0 ? mine : List.of(mine.get(pair % mine.size()));
                        requests += toggle(batch, true, expected, refused);
                        requests += toggle(batch, false, expected, refused);
                    }
                    // the last word: every other tariff enabled again
                    List<String> last = new ArrayList<>();
                    for (int i = seed % 2; i < mine.size(); i += 2) {
                        last.add(mine.get(i));
                    }
                    requests += toggle(last, true, expected, refused);
                    return requests;
                }));
            }
            clients.shutdown();
            int requests = 0;
            for (Future<Integer> done : sent) {
                requests += done.get(120, TimeUnit.SECONDS);
            }
            double burst = seconds(start);
            long lastRequest = System.nanoTime();
            assertEquals(List.of(), refused, "every enable/disable answered for every tariff");
            assertEquals(new HashSet<>(tariffs), expected.keySet());
            Set<String> enabled = new TreeSet<>();
            expected.forEach((id, on) -> {
                if (on) {
                    enabled.add(id);
                }
            });

            Figures figures = awaitSettled(reselling);
            Map<String, Set<String>> models = awaitReadModels(tariffs, enabled);
            double converged = seconds(lastRequest);
            Map<String, Long> apiRequests = apiRequestsPerReplica();

            System.out.printf("==> Drill replicas: %d tariffs, %d clients, %d requests (%d enable/disable pairs per"
                    + " tariff) in %.1f s through %s; %d end enabled; events on reselling: %s; read models matched the"
                    + " last request %.1f s after it; API requests answered per replica %s%n", BURST_TARIFFS,
                    BURST_CLIENTS, requests, BURST_PAIRS, burst, stack.serviceUrls(Service.RESELLING_SERVICE),
                    enabled.size(), figures, converged, apiRequests);

            models.forEach((model, actual) -> assertEquals(enabled, actual, model + " ends at the last request"));
            assertTrue(figures.settled(), "every event published and applied: " + figures);
            apiRequests.forEach((replica, count) -> assertTrue(replica.startsWith("module-service") || count > 0,
                    replica + " answered no API request (the burst calls reselling- and tariff-service): "
                            + apiRequests));
        });
    }

    /** Enables or disables {@code ids} in one request; returns 1. Records the answer per tariff. */
    private int toggle(List<String> ids, boolean enable, Map<String, Boolean> expected, List<String> refused)
            throws Exception {
        HttpResponse<String> answer = client.send("POST", gateway + "/api/v1/tariffs/" + (enable ? "enable" : "disable"),
                Map.of("ids", ids));
        if (answer.statusCode() != 200) {
            refused.add(answer.statusCode() + " " + answer.body());
            return 1;
        }
        for (JsonNode result : OrdersThroughGateway.readTree(answer.body()).path("results")) {
            String status = result.path("status").asText();
            if (status.equals(enable ? "enabled" : "disabled")) {
                expected.put(result.path("id").asText(), enable);
            } else {
                refused.add(result.toString());
            }
        }
        return 1;
    }

    /**
     * Waits until every read model holds exactly {@code enabled} among {@code tariffs}: reselling-service's own
     * state and its catalog, tariff-service's status (through the API) and module-service's
     * {@code module_enabled_tariff}. Returns what each holds at the end.
     */
    private Map<String, Set<String>> awaitReadModels(List<String> tariffs, Set<String> enabled) throws Exception {
        long deadline = System.nanoTime() + CONVERGENCE.toNanos();
        while (true) {
            Map<String, Set<String>> models = new LinkedHashMap<>();
            models.put("reselling-service tariff_reselling_state", ids("reselling_service",
                    "SELECT tariff_id FROM tariff_reselling_state WHERE enabled", tariffs));
            models.put("reselling-service catalog", catalog(tariffs));
            models.put("tariff-service status", listed("/api/v1/tariffs?processingModuleId=" + moduleId
                    + "&status=enabled", tariffs));
            models.put("module-service module_enabled_tariff", ids("module_service",
                    "SELECT tariff_id FROM module_enabled_tariff", tariffs));
            if (models.values().stream().allMatch(enabled::equals) || System.nanoTime() > deadline) {
                return models;
            }
            Thread.sleep(200); // polling interval while the consumers catch up
        }
    }

    private Set<String> catalog(List<String> among) throws Exception {
        return listed(CATALOG, among);
    }

    /** The ids among {@code among} that every page of a gateway list shows. */
    private Set<String> listed(String path, List<String> among) throws Exception {
        Set<String> ids = listed(path);
        ids.retainAll(Set.copyOf(among));
        return ids;
    }

    /** The ids every page of a gateway list ({@code path} with a query) shows. */
    private Set<String> listed(String path) throws Exception {
        Set<String> ids = new TreeSet<>();
        for (int page = 0; ; page++) {
            JsonNode answer = client.get(gateway + path + "&size=" + OrdersThroughGateway.MAX_PAGE_SIZE + "&page=" + page);
            for (JsonNode item : answer.path("items")) {
                ids.add(item.path("id").asText());
            }
            if ((long) (page + 1) * OrdersThroughGateway.MAX_PAGE_SIZE >= answer.path("total").asLong()) {
                break;
            }
        }
        return ids;
    }

    /**
     * API requests (not {@code /q/...}) each backend replica answered since it started, from its
     * {@code http_server_requests_seconds_count} metric: proof that the gateway reached both replicas.
     */
    private Map<String, Long> apiRequestsPerReplica() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Service service : List.of(Service.MODULE_SERVICE, Service.TARIFF_SERVICE, Service.RESELLING_SERVICE)) {
            List<String> urls = stack.managementUrls(service);
            for (int i = 0; i < urls.size(); i++) {
                HttpResponse<String> metrics = client.send("GET", urls.get(i) + "/q/metrics", null);
                assertEquals(200, metrics.statusCode(), urls.get(i) + "/q/metrics");
                long count = 0;
                for (String line : metrics.body().split("\n")) {
                    if (line.startsWith("http_server_requests_seconds_count{") && !line.contains("uri=\"/q/")) {
                        count += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
                counts.put(new ServiceInstance(service, i + 1).name(), count);
            }
        }
        return counts;
    }

    // ---------------------------------------------------------------------------------------------------------
    // 3. PostgreSQL restarted while requests run

    @Test
    @Order(3)
    void postgresRestartedUnderLoad() throws Exception {
        guard(() -> {
            List<String> tariffs = sellableTariffs(2 * OUTAGE_TARIFFS);
            List<String> renamed = tariffs.subList(0, OUTAGE_TARIFFS);
            List<String> toggled = tariffs.subList(OUTAGE_TARIFFS, 2 * OUTAGE_TARIFFS);
            List<EventFlow> flows = List.of(
                    EventFlow.mark(stack, "processing-modules", "module_service",
                            new Consumer("reselling_service", "reselling-service.processing-modules")),
                    EventFlow.mark(stack, "tariffs", "tariff_service",
                            new Consumer("reselling_service", "reselling-service.tariffs")),
                    EventFlow.mark(stack, "reselling", "reselling_service",
                            new Consumer("tariff_service", "tariff-service.reselling"),
                            new Consumer("module_service", "module-service.reselling")));

            Load load = new Load(renamed, toggled);
            load.prepare();
            load.start();
            Thread.sleep(3_000); // requests run before the outage
            long stopping = System.nanoTime();
            stack.stopPostgres();
            long down = System.nanoTime();
            Thread.sleep(OUTAGE.toMillis());
            stack.startPostgres();
            long up = System.nanoTime();
            Map<String, Double> recovered = load.awaitRecovery(up, CONVERGENCE);
            Thread.sleep(3_000); // and after it
            load.stop();
            double outage = (up - down) / 1e9;

            Map<String, Figures> figures = new LinkedHashMap<>();
            for (EventFlow flow : flows) {
                Figures settled = awaitSettled(flow);
                figures.put(flow.toString(), settled);
            }
            double converged = seconds(up);
            String moduleName = text("reselling_service", "SELECT name FROM module_view WHERE id = '" + moduleId + "'");
            Map<String, String> names = new HashMap<>();
            for (String id : renamed) {
                names.put(id, text("reselling_service", "SELECT name FROM tariff_view WHERE id = '" + id + "'"));
            }
            Map<String, Set<String>> models = awaitReadModels(toggled, load.enabled());

            System.out.printf("==> Drill postgres-restart: %d requests (%s); PostgreSQL stopped in %.1f s, down"
                    + " %.1f s; services answering again after the start (s): %s; 503 during the outage %d, other 5xx %d,"
                    + " 409 %d; events: %s; read models settled %.1f s after the start%n", load.answers.size(),
                    load.countsByService(), (down - stopping) / 1e9, outage, recovered, load.count(a -> a.status == 503),
                    load.count(a -> a.status >= 500 && a.status != 503), load.count(a -> a.status == 409), figures,
                    converged);

            List<Answer> bad = load.answers.stream().filter(a -> !(a.status / 100 == 2 || a.status == 409
                    || a.status == 503)).toList();
            assertEquals(List.of(), bad, "only successes, stale-version conflicts and 503 answers");
            List<Answer> not503Problems = load.answers.stream().filter(a -> a.status == 503
                    && !(a.contentType.startsWith(PROBLEM) && a.retryAfter)).toList();
            assertEquals(List.of(), not503Problems, "every 503 is a problem with Retry-After");
            assertTrue(load.count(a -> a.status == 503) > 0, "requests met the outage");
            for (String service : List.of("module-service", "tariff-service", "reselling-service")) {
                assertNotNull(recovered.get(service), service + " answered no request after PostgreSQL was back");
            }
            figures.forEach((topic, settled) -> assertTrue(settled.settled(), topic + ": every event written was"
                    + " published and applied: " + settled));
            assertEquals(load.moduleName(), moduleName, "the last module edit acknowledged reached reselling-service");
            assertEquals(load.tariffNames(), names, "the last tariff edits acknowledged reached reselling-service");
            models.forEach((model, actual) -> assertEquals(load.enabled(), actual, model + " ends at the last"
                    + " acknowledged enable/disable"));
            for (String url : allManagementUrls()) {
                HttpResponse<String> ready = client.send("GET", url + "/q/health/ready", null);
                assertEquals(200, ready.statusCode(), url + " ready again without a restart: " + ready.body());
            }
        });
    }

    /** One answer through the gateway during the PostgreSQL drill. */
    record Answer(String service, String request, int status, String contentType, boolean retryAfter, long at) {
    }

    /**
     * Reads and writes on every service, one client thread each, until stopped: module-service renames the
     * module, tariff-service renames tariffs, reselling-service enables and disables tariffs; a reader reads
     * from all three in turn. Remembers every answer and the last acknowledged state of each write.
     */
    private final class Load {

        private final List<String> renamed;
        private final List<String> toggled;
        final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final List<Future<?>> work = new ArrayList<>();
        private volatile String moduleName;
        private JsonNode module;
        private final Map<String, Long> tariffVersions = new ConcurrentHashMap<>();
        private final Map<String, String> tariffNames = new ConcurrentHashMap<>();
        private final Map<String, Boolean> enabledState = new ConcurrentHashMap<>();

        Load(List<String> renamed, List<String> toggled) {
            this.renamed = renamed;
            this.toggled = toggled;
        }

        /** Reads what the writers start from, before the clock starts. */
        void prepare() throws Exception {
            module = client.get(gateway + "/api/v1/processing-modules/" + moduleId);
            for (String id : renamed) {
                tariffVersions.put(id, client.get(gateway + "/api/v1/tariffs/" + id).path("version").asLong());
            }
        }

        void start() {
            work.add(threads.submit(this::renameModule));
            work.add(threads.submit(this::renameTariffs));
            work.add(threads.submit(this::toggleTariffs));
            work.add(threads.submit(this::read));
            threads.shutdown();
        }

        void stop() throws Exception {
            running.set(false);
            for (Future<?> done : work) {
                done.get(120, TimeUnit.SECONDS);
            }
        }

        /** Seconds from {@code up} to each service's first success with a request sent after it. */
        Map<String, Double> awaitRecovery(long up, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<String, Double> recovered = new LinkedHashMap<>();
            while (recovered.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(100); // polling interval
                synchronized (answers) {
                    for (Answer answer : answers) {
                        if (answer.at > up && answer.status / 100 == 2) {
                            recovered.putIfAbsent(answer.service, Math.round((answer.at - up) / 1e7) / 100.0);
                        }
                    }
                }
            }
            return recovered;
        }

        String moduleName() {
            return moduleName;
        }

        Map<String, String> tariffNames() {
            return Map.copyOf(tariffNames);
        }

        Set<String> enabled() {
            Set<String> ids = new TreeSet<>();
            enabledState.forEach((id, on) -> {
                if (on) {
                    ids.add(id);
                }
            });
            return ids;
        }

        long count(Predicate<Answer> which) {
            synchronized (answers) {
                return answers.stream().filter(which).count();
            }
        }

        Map<String, Long> countsByService() {
            Map<String, Long> counts = new LinkedHashMap<>();
            synchronized (answers) {
                answers.forEach(a -> counts.merge(a.service, 1L, Long::sum));
            }
            return counts;
        }

        private Void renameModule() throws Exception {
            long version = module.path("version").asLong();
            for (int n = 1; running.get(); n++) {
                String name = "Drill SSL " + n;
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("version", version);
                body.put("productType", module.path("productType").asText());
                body.put("moduleType", module.path("moduleType").asText());
                body.put("integration", Map.of("url", module.path("integration").path("url").asText(),
                        "username", module.path("integration").path("username").asText()));
                body.put("name", name);
                body.put("department", module.path("department").asText());
                body.put("sort", module.path("sort").asInt());
                body.put("minimalBalance", module.path("minimalBalance").asText());
                HttpResponse<String> answer = call("module-service", "PUT",
                        "/api/v1/processing-modules/" + moduleId, body);
                if (answer.statusCode() == 200) {
                    moduleName = name;
                    version = OrdersThroughGateway.readTree(answer.body()).path("version").asLong();
                } else if (answer.statusCode() == 409) {
                    version = refreshVersion("module-service", "/api/v1/processing-modules/" + moduleId, version);
                }
                pause();
            }
            return null;
        }

        private Void renameTariffs() throws Exception {
            Map<String, Long> versions = tariffVersions;
            for (int n = 1; running.get(); n++) {
                String id = renamed.get(n % renamed.size());
                String name = "Drill tariff " + n;
                HttpResponse<String> answer = call("tariff-service", "PATCH", "/api/v1/tariffs/" + id,
                        Map.of("version", versions.get(id), "name", name));
                if (answer.statusCode() == 200) {
                    tariffNames.put(id, name);
                    versions.put(id, OrdersThroughGateway.readTree(answer.body()).path("version").asLong());
                } else if (answer.statusCode() == 409) {
                    versions.put(id, refreshVersion("tariff-service", "/api/v1/tariffs/" + id, versions.get(id)));
                }
                pause();
            }
            return null;
        }

        private Void toggleTariffs() throws Exception {
            for (int n = 0; running.get(); n++) {
                String id = toggled.get(n % toggled.size());
                boolean enable = (n / toggled.size()) % 2 == 0;
                HttpResponse<String> answer = call("reselling-service", "POST",
                        "/api/v1/tariffs/" + (enable ? "enable" : "disable"), Map.of("ids", List.of(id)));
                if (answer.statusCode() == 200) {
                    String status = OrdersThroughGateway.readTree(answer.body()).path("results").path(0)
                            .path("status").asText();
                    if (status.equals(enable ? "enabled" : "disabled")) {
                        enabledState.put(id, enable);
                    }
                }
                pause();
            }
            return null;
        }

        private Void read() throws Exception {
            while (running.get()) {
                call("module-service", "GET", "/api/v1/processing-modules/" + moduleId, null);
                call("tariff-service", "GET", "/api/v1/tariffs/" + renamed.get(0), null);
                call("reselling-service", "GET", "/api/v1/catalog?productType=ssl-certificate&size=10", null);
                pause();
            }
            return null;
        }

        private long refreshVersion(String service, String path, long version) throws Exception {
            HttpResponse<String> answer = call(service, "GET", path, null);
            return answer.statusCode() == 200 ? OrdersThroughGateway.readTree(answer.body()).path("version").asLong()
                    : version;
        }

        private HttpResponse<String> call(String service, String method, String path, Object body) throws Exception {
            HttpResponse<String> answer = client.send(method, gateway + path, body);
            answers.add(new Answer(service, method + " " + path, answer.statusCode(),
                    answer.headers().firstValue("Content-Type").orElse(""),
                    answer.headers().firstValue("Retry-After").isPresent(), System.nanoTime()));
            return answer;
        }

        private void pause() throws InterruptedException {
            Thread.sleep(50); // a steady trickle, not a benchmark
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // 4. Kafka stopped for 20 s during a bulk enable of 5,000 tariffs

    @Test
    @Order(4)
    void kafkaStoppedDuringBulkEnable() throws Exception {
        guard(() -> {
            List<String> tariffs = sellableTariffs(KAFKA_TARIFFS);
            Set<String> enabledBefore = listed(ENABLED_TARIFFS);
            long outboxBefore = single("reselling_service", "SELECT coalesce(max(id), 0) FROM outbox");
            EventFlow reselling = EventFlow.mark(stack, "reselling", "reselling_service",
                    new Consumer("tariff_service", "tariff-service.reselling"),
                    new Consumer("module_service", "module-service.reselling"));
            Map<String, Boolean> answered = new HashMap<>();
            List<String> refused = new ArrayList<>();
            List<String> notReady = new ArrayList<>();
            int readyChecks = 0;

            // The first request while the broker is up, so its relay is publishing when the broker goes.
            long start = System.nanoTime();
            toggle(tariffs.subList(0, ENABLE_BATCH), true, answered, refused);
            long stopping = System.nanoTime();
            stack.stopKafka();
            long down = System.nanoTime();
            for (int from = ENABLE_BATCH; from < tariffs.size(); from += ENABLE_BATCH) {
                toggle(tariffs.subList(from, from + ENABLE_BATCH), true, answered, refused);
                readyChecks += checkReady(notReady);
            }
            double enables = seconds(start);
            int waiting = single("reselling_service", "SELECT count(*) FROM outbox WHERE sent_at IS NULL"
                    + " AND topic = 'reselling' AND id > " + outboxBefore);
            Set<String> catalogDuring = catalog(tariffs);
            Map<String, Integer> kafkaHealthDuring = kafkaHealth();
            while (System.nanoTime() - down < KAFKA_OUTAGE.toNanos()) {
                readyChecks += checkReady(notReady);
                Thread.sleep(1_000); // the outage lasts its 20 s; readiness is polled meanwhile
            }
            long starting = System.nanoTime();
            stack.startKafka();
            long up = System.nanoTime();
            double outage = (up - down) / 1e9;

            Map<String, Integer> backlogs = awaitOutboxesDrained();
            double drained = seconds(up);
            Figures figures = awaitSettled(reselling);
            double eventsApplied = seconds(up);
            Map<String, Set<String>> models = awaitReadModels(tariffs, new TreeSet<>(tariffs));
            double converged = seconds(up);
            Set<String> expected = new TreeSet<>(enabledBefore);
            expected.addAll(tariffs);
            Set<String> catalogAfter = listed(CATALOG);
            Set<String> enabledAfter = listed(ENABLED_TARIFFS);
            int enabledEvents = single("reselling_service", "SELECT count(*) FROM outbox WHERE topic = 'reselling'"
                    + " AND event_type = 'tariff.enabled' AND id > " + outboxBefore);
            int enabledEventTariffs = single("reselling_service", "SELECT count(DISTINCT aggregate_id) FROM outbox"
                    + " WHERE topic = 'reselling' AND event_type = 'tariff.enabled' AND id > " + outboxBefore);
            Map<String, Integer> kafkaHealthAfter = awaitKafkaHealthy();

            System.out.printf("==> Drill kafka-outage: %d tariffs enabled in %d requests of %d in %.1f s; Kafka"
                    + " stopped in %.1f s, down %.1f s (the last %.1f s starting again), %d events waiting in the"
                    + " outbox while it was down; readiness checked %d times, not ready %d; /q/health/group/kafka"
                    + " during the outage %s, after %s; events on reselling: %s; outboxes drained (%s) %.1f s after"
                    + " the start, events applied %.1f s after it; read models and catalog converged %.1f s after"
                    + " it%n", KAFKA_TARIFFS, KAFKA_TARIFFS / ENABLE_BATCH, ENABLE_BATCH, enables,
                    (down - stopping) / 1e9, outage, (up - starting) / 1e9, waiting, readyChecks, notReady.size(),
                    kafkaHealthDuring.values(), kafkaHealthAfter.values(), figures, backlogs, drained, eventsApplied,
                    converged);

            assertEquals(List.of(), refused, "every enable answered 200 and enabled, the broker down or not");
            assertEquals(new HashSet<>(tariffs), answered.keySet());
            assertEquals(List.of(), notReady, "every service stayed ready without Kafka");
            assertEquals(new TreeSet<>(tariffs), catalogDuring, "the catalog held the enabled set while Kafka was"
                    + " down");
            assertTrue(waiting >= KAFKA_TARIFFS - ENABLE_BATCH, "the events of the enables while Kafka was down"
                    + " waited in the outbox: " + waiting);
            kafkaHealthDuring.forEach((url, status) -> assertEquals(503, status, url + " shows Kafka down"));
            kafkaHealthAfter.forEach((url, status) -> assertEquals(200, status, url + " shows Kafka up again"));
            assertEquals(KAFKA_TARIFFS, figures.written(), "one event per tariff: " + figures);
            assertEquals(KAFKA_TARIFFS, enabledEvents, "only tariff.enabled written");
            assertEquals(KAFKA_TARIFFS, enabledEventTariffs, "one tariff.enabled per tariff");
            assertTrue(figures.settled(), "every event published and applied: " + figures);
            figures.applied().forEach((consumer, count) -> assertEquals(KAFKA_TARIFFS, count, consumer.name()
                    + " applied each tariff.enabled once"));
            backlogs.forEach((database, backlog) -> assertEquals(0, backlog, database + " outbox drained"));
            models.forEach((model, actual) -> assertEquals(new TreeSet<>(tariffs), actual, model
                    + " holds every tariff enabled"));
            assertEquals(expected, enabledAfter, "tariff-service: exactly the enabled set");
            assertEquals(expected, catalogAfter, "the catalog converged to exactly the enabled set");
        });
    }

    /**
     * Asks every service, gateway included, {@code /q/health/ready} (management port); records each answer that
     * is not 200.
     */
    private int checkReady(List<String> notReady) throws Exception {
        List<String> urls = new ArrayList<>(allManagementUrls());
        urls.add(stack.managementUrl(Service.GATEWAY));
        for (String url : urls) {
            HttpResponse<String> ready = client.send("GET", url + "/q/health/ready", null);
            if (ready.statusCode() != 200) {
                notReady.add(url + " " + ready.statusCode() + " " + ready.body());
            }
        }
        return urls.size();
    }

    /**
     * The status of {@code /q/health/group/kafka} of every backend replica, asked at once: with the broker down
     * each answer waits for the check's 2 s timeout.
     */
    private Map<String, Integer> kafkaHealth() throws Exception {
        List<String> urls = allManagementUrls();
        ExecutorService askers = Executors.newFixedThreadPool(urls.size());
        try {
            Map<String, Future<HttpResponse<String>>> answers = new LinkedHashMap<>();
            for (String url : urls) {
                answers.put(url, askers.submit(() -> client.send("GET", url + "/q/health/group/kafka", null)));
            }
            Map<String, Integer> statuses = new LinkedHashMap<>();
            for (Map.Entry<String, Future<HttpResponse<String>>> answer : answers.entrySet()) {
                statuses.put(answer.getKey(), answer.getValue().get(30, TimeUnit.SECONDS).statusCode());
            }
            return statuses;
        } finally {
            askers.shutdownNow();
        }
    }

    private Map<String, Integer> awaitKafkaHealthy() throws Exception {
        long deadline = System.nanoTime() + CONVERGENCE.toNanos();
        while (true) {
            Map<String, Integer> statuses = kafkaHealth();
            if (statuses.values().stream().allMatch(status -> status == 200) || System.nanoTime() > deadline) {
                return statuses;
            }
            Thread.sleep(250); // polling interval while the health checks reconnect
        }
    }

    /** Waits until no backend's outbox holds an unsent event; returns each one's backlog at the end. */
    private Map<String, Integer> awaitOutboxesDrained() throws Exception {
        long deadline = System.nanoTime() + CONVERGENCE.toNanos();
        while (true) {
            Map<String, Integer> backlogs = new LinkedHashMap<>();
            for (String database : List.of("module_service", "tariff_service", "reselling_service")) {
                backlogs.put(database, single(database, "SELECT count(*) FROM outbox WHERE sent_at IS NULL"));
            }
            if (backlogs.values().stream().allMatch(backlog -> backlog == 0) || System.nanoTime() > deadline) {
                return backlogs;
            }
            Thread.sleep(250); // polling interval while the relays catch up
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // shared

    /** {@code count} imported tariffs that can be enabled and no earlier drill used, in the list's order. */
    private List<String> sellableTariffs(int count) throws Exception {
        List<String> ids = new ArrayList<>();
        int size = OrdersThroughGateway.MAX_PAGE_SIZE;
        for (int page = 0; ids.size() < count && (long) page * size < CERTIFICATES; page++) {
            JsonNode answer = client.get(gateway + "/api/v1/tariffs?processingModuleId=" + moduleId + "&size=" + size
                    + "&page=" + page);
            for (JsonNode tariff : answer.path("items")) {
                if (tariff.path("upstreamAvailable").asBoolean() && !tariff.path("upstreamRemoved").asBoolean()
                        && !tariff.path("belowCost").asBoolean() && !used.contains(tariff.path("id").asText())
                        && ids.size() < count) {
                    ids.add(tariff.path("id").asText());
                }
            }
        }
        assertEquals(count, ids.size(), "sellable tariffs no earlier drill used");
        used.addAll(ids);
        return List.copyOf(ids);
    }

    private Figures awaitSettled(EventFlow flow) throws Exception {
        long deadline = System.nanoTime() + CONVERGENCE.toNanos();
        while (true) {
            Figures figures = flow.figures();
            if (figures.settled() || System.nanoTime() > deadline) {
                return figures;
            }
            Thread.sleep(250); // polling interval while the relays and consumers catch up
        }
    }

    /** Polls a gateway URL until {@code done} holds; answers other than 200 (a replica just killed) are skipped. */
    private JsonNode awaitJson(String url, Predicate<JsonNode> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = client.send("GET", url, null);
            if (answer.statusCode() == 200) {
                last = OrdersThroughGateway.readTree(answer.body());
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(25); // polling interval: an import batch takes longer
        }
        return last;
    }

    /** The management interfaces (health, metrics) of every backend replica. */
    private List<String> allManagementUrls() {
        List<String> urls = new ArrayList<>();
        for (Service service : List.of(Service.MODULE_SERVICE, Service.TARIFF_SERVICE, Service.RESELLING_SERVICE)) {
            urls.addAll(stack.managementUrls(service));
        }
        return urls;
    }

    private int single(String database, String sql) throws SQLException {
        try (Connection db = stack.postgres().connect(database);
                ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private String text(String database, String sql) throws SQLException {
        try (Connection db = stack.postgres().connect(database);
                ResultSet rs = db.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The ids {@code sql} selects (one uuid column), among {@code among}. */
    private Set<String> ids(String database, String sql, List<String> among) throws SQLException {
        Set<String> ids = new TreeSet<>();
        try (Connection db = stack.postgres().connect(database);
                PreparedStatement select = db.prepareStatement(sql);
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        ids.retainAll(Set.copyOf(among));
        return ids;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private interface Drill {
        void run() throws Exception;
    }

    /** Runs a drill, remembering a failure so the state directory is kept. */
    private void guard(Drill drill) throws Exception {
        try {
            drill.run();
        } catch (Exception | AssertionError e) {
            failed = true;
            throw e;
        }
    }
}
