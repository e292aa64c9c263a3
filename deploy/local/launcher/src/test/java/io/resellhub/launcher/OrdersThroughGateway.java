package io.resellhub.launcher;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.resellhub.localinfra.Ports;

/**
 * What the orders benchmark ({@code bench.OrdersThroughGatewayBenchmark}) and the orders drill
 * ({@link OrdersDrillIT}) share: against a running local stack, all through the gateway with the admin token,
 * an {@code ssl-certificate} processing module on the simulator's demo account, a few certificate plans imported
 * and the cheapest sellable one enabled; certificate orders placed and listed by status; and the simulator's
 * services counted by note (our order id). Not a test itself.
 */
public final class OrdersThroughGateway {

    /** The API's largest page. */
    public static final int MAX_PAGE_SIZE = 500;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PLANS_TO_IMPORT = 5;
    private static final BigDecimal BALANCE_HEADROOM = new BigDecimal("2");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final RunningStack stack;
    private final String gateway;
    private final String admin;

    public OrdersThroughGateway(RunningStack stack) {
        this.stack = stack;
        this.gateway = stack.gatewayUrl();
        this.admin = stack.adminToken();
    }

    /** The tariff that is sold: its id, shortest period and that period's upstream cost. */
    public record Sellable(String tariffId, String name, int period, BigDecimal upstreamCost, String currency) {

        public String description() {
            return "'" + name + "' (" + upstreamCost.toPlainString() + " " + currency + " upstream per order)";
        }
    }

    /** The ids of the orders in one status, and how many pages that took. */
    public record Listed(Set<String> ids, int pages) {
    }

    /**
     * The simulator's services ({@code GET /_sim/state}): how many, how many per note, and its call counts.
     * A fresh simulator has no services but the ones we ordered.
     */
    public record UpstreamServices(int total, Map<String, Integer> byNote, Map<String, Long> callCounts) {

        /** Services with one of {@code orderIds} as note. */
        public int forOrders(Set<String> orderIds) {
            return byNote.entrySet().stream().filter(e -> orderIds.contains(e.getKey()))
                    .mapToInt(Map.Entry::getValue).sum();
        }

        /** Services beyond the first of each note (one order id ordered twice or more). */
        public int duplicates() {
            return byNote.entrySet().stream().filter(e -> !e.getKey().isEmpty() && e.getValue() > 1)
                    .mapToInt(e -> e.getValue() - 1).sum();
        }

        /** The notes of {@code orderIds} without a service. */
        public List<String> missing(Set<String> orderIds) {
            return orderIds.stream().filter(id -> !byNote.containsKey(id)).sorted().toList();
        }
    }

    /** Creates an {@code ssl-certificate} processing module on the simulator's demo account; returns its id. */
    public String createCertificateModule(String name) throws Exception {
        SimulatorSettings sim = stack.simulatorSettings();
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
        return readTree(created.body()).path("id").asText();
    }

    /**
     * Imports a few certificate plans of {@code moduleId}, enables the cheapest sellable one and waits until it is
     * in the public catalog.
     */
    public Sellable importAndEnable(String moduleId, String provider) throws Exception {
        JsonNode upstream = get(gateway + "/api/v1/processing-modules/" + moduleId
                + "/upstream-tariffs?productType=ssl-certificate&size=500");
        List<String> upstreamIds = new ArrayList<>();
        for (JsonNode plan : upstream.path("items")) {
            boolean hasPeriod = false;
            for (JsonNode price : plan.path("prices")) {
                hasPeriod |= price.path("period").asInt() > 0;
            }
            if (plan.path("available").asBoolean() && hasPeriod && upstreamIds.size() < PLANS_TO_IMPORT) {
                upstreamIds.add(plan.path("upstreamId").asText());
            }
        }
        HttpResponse<String> accepted = send("POST", gateway + "/api/v1/tariff-imports", Map.of(
                "processingModuleId", moduleId, "productType", "ssl-certificate", "upstreamTariffIds", upstreamIds,
                "provider", provider));
        require(accepted, 202);
        String job = accepted.headers().firstValue("Location").orElseThrow();
        JsonNode view = awaitJson(job, v -> !v.path("status").asText().equals("queued")
                && !v.path("status").asText().equals("running"), Duration.ofSeconds(60));
        if (!view.path("status").asText().equals("succeeded")) {
            throw new IllegalStateException("The import of " + upstreamIds + " ended " + view);
        }

        Sellable best = null;
        for (JsonNode tariff : get(gateway + "/api/v1/tariffs?processingModuleId=" + moduleId + "&size=500")
                .path("items")) {
            if (tariff.path("upstreamRemoved").asBoolean() || tariff.path("belowCost").asBoolean()
                    || !tariff.path("upstreamAvailable").asBoolean()) {
                continue;
            }
            for (JsonNode price : tariff.path("prices")) {
                int period = price.path("period").asInt();
                if (period <= 0) {
                    continue;
                }
                BigDecimal cost = new BigDecimal(price.path("upstreamCost").asText());
                if (best == null || cost.compareTo(best.upstreamCost) < 0) {
                    best = new Sellable(tariff.path("id").asText(), tariff.path("name").asText(), period, cost,
                            price.path("currency").asText());
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("None of the imported plans " + upstreamIds + " can be sold");
        }
        String id = best.tariffId;
        String reselling = stack.serviceUrl(Service.RESELLING_SERVICE);
        awaitStatus(reselling + "/tariffs/" + id + "/reselling-state", Duration.ofSeconds(60));
        HttpResponse<String> enabled = send("POST", gateway + "/api/v1/tariffs/enable", Map.of("ids", List.of(id)));
        require(enabled, 200);
        if (!"enabled".equals(readTree(enabled.body()).path("results").path(0).path("status").asText())) {
            throw new IllegalStateException("Enabling " + id + " answered " + enabled.body());
        }
        JsonNode catalog = awaitJson(gateway + "/api/v1/catalog?productType=ssl-certificate&size=500",
                c -> c.path("items").findValuesAsText("id").contains(id), Duration.ofSeconds(30));
        if (!catalog.path("items").findValuesAsText("id").contains(id)) {
            throw new IllegalStateException("Tariff " + id + " enabled but not in the public catalog after 30 s");
        }
        return best;
    }

    /** Makes sure the simulator account can pay for {@code orders} orders twice over (raising its balance). */
    public void ensureBalance(Sellable sellable, int orders) throws Exception {
        BigDecimal needed = sellable.upstreamCost.multiply(BigDecimal.valueOf(orders));
        BigDecimal balance = new BigDecimal(get(stack.simulatorUrl() + "/_sim/state").path("balance").asText());
        if (balance.compareTo(needed.multiply(BALANCE_HEADROOM)) < 0) {
            BigDecimal raised = needed.multiply(BALANCE_HEADROOM).add(new BigDecimal("1000"))
                    .setScale(2, RoundingMode.UP);
            HttpRequest request = HttpRequest.newBuilder(URI.create(stack.simulatorUrl() + "/_sim/balance"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("amount=" + raised.toPlainString())).build();
            require(http.send(request, HttpResponse.BodyHandlers.ofString()), 200);
            System.out.printf("    simulator balance %s raised to %s (%d orders cost %s)%n", balance.toPlainString(),
                    raised.toPlainString(), orders, needed.toPlainString());
        } else {
            System.out.printf("    simulator balance %s %s covers %d orders (%s) twice over%n",
                    balance.toPlainString(), sellable.currency, orders, needed.toPlainString());
        }
    }

    /**
     * {@code POST /api/v1/orders} for one certificate of {@code sellable} (its shortest period) for
     * {@code domain}; the answer as it came, whatever its status.
     */
    public HttpResponse<String> placeOrder(Sellable sellable, String customerRef, String domain) throws Exception {
        return send("POST", gateway + "/api/v1/orders", orderBody(sellable, customerRef, domain));
    }

    /** The body of {@code POST /api/v1/orders} for one certificate of {@code sellable} for {@code domain}. */
    public static Map<String, Object> orderBody(Sellable sellable, String customerRef, String domain) {
        return Map.of("tariffId", sellable.tariffId, "period", sellable.period, "customerRef", customerRef,
                "params", Map.of("domain", domain));
    }

    /** Every order the list calls {@code status} now: all pages of {@code pageSize} (at most 500). */
    public Listed list(String status, int pageSize) throws Exception {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size " + pageSize + " is not 1 to " + MAX_PAGE_SIZE);
        }
        Set<String> ids = new HashSet<>();
        for (int page = 0; ; page++) {
            JsonNode answer = get(gateway + "/api/v1/orders?status=" + status + "&size=" + pageSize + "&page=" + page);
            for (JsonNode item : answer.path("items")) {
                ids.add(item.path("id").asText());
            }
            if ((long) (page + 1) * pageSize >= answer.path("total").asLong() || answer.path("items").isEmpty()) {
                return new Listed(ids, page + 1);
            }
        }
    }

    /** The simulator's services, grouped by note, and its call counts. */
    public UpstreamServices upstreamServices() throws Exception {
        JsonNode state = get(stack.simulatorUrl() + "/_sim/state");
        Map<String, Integer> byNote = new HashMap<>();
        int services = 0;
        for (JsonNode service : state.path("services")) {
            services++;
            byNote.merge(service.path("note").asText(""), 1, Integer::sum);
        }
        Map<String, Long> calls = new LinkedHashMap<>();
        state.path("callCounts").fields().forEachRemaining(e -> calls.put(e.getKey(), e.getValue().asLong()));
        return new UpstreamServices(services, byNote, calls);
    }

    /** A request with the admin token and, unless {@code body} is null, a JSON body. */
    public HttpResponse<String> send(String method, String url, Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** GET with the admin token (the simulator's admin API ignores it), required to answer 200. */
    public JsonNode get(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + admin).GET().build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        require(answer, 200);
        return readTree(answer.body());
    }

    public static JsonNode readTree(String json) throws Exception {
        return JSON.readTree(json);
    }

    public static byte[] jsonBytes(Object value) throws JsonProcessingException {
        return JSON.writeValueAsBytes(value);
    }

    private JsonNode awaitJson(String url, Predicate<JsonNode> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode view = get(url);
            if (done.test(view) || System.nanoTime() > deadline) {
                return view;
            }
            Thread.sleep(50); // polling interval of a set-up step
        }
    }

    /** Waits until {@code url} answers 200 (with the admin token: the services check it too). */
    private void awaitStatus(String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + admin).GET().build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(url + " still answers " + answer.statusCode() + " after " + timeout);
            }
            Thread.sleep(50); // polling interval of a set-up step
        }
    }

    private static void require(HttpResponse<String> answer, int status) {
        if (answer.statusCode() != status) {
            throw new IllegalStateException(answer.request().method() + " " + answer.uri() + " answered "
                    + answer.statusCode() + " (expected " + status + "): " + answer.body());
        }
    }

    /** Free ports for a stack whose backend services' replicas (port + 100 each, up to {@code replicas}) are free too. */
    public static StackPorts freePorts(int replicas) {
        for (int attempt = 0; attempt < 50; attempt++) {
            StackPorts ports = StackPorts.free();
            Set<Integer> taken = new HashSet<>(List.of(ports.postgres(), ports.kafka(), ports.kafkaController(),
                    ports.simulator(), ports.gateway(), ports.moduleService(), ports.tariffService(),
                    ports.resellingService()));
            boolean ok = true;
            for (Service service : List.of(Service.MODULE_SERVICE, Service.TARIFF_SERVICE, Service.RESELLING_SERVICE)) {
                for (int replica = 2; replica <= replicas; replica++) {
                    int port = new ServiceInstance(service, replica).port(ports);
                    ok &= port <= 65_535 && taken.add(port) && Ports.isFree(port);
                }
            }
            if (ok) {
                return ports;
            }
        }
        throw new IllegalStateException("Found no free ports for " + replicas + " replicas of each backend service");
    }

    /** The repository root: {@code -Dresellhub.root}, or found upwards from the working directory. */
    public static Path root() {
        String configured = System.getProperty("resellhub.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/local/launcher")) && Files.isDirectory(dir.resolve("gateway"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Run from inside the repository, or pass -Dresellhub.root=<repository root>");
    }

    /** Deletes {@code dir} and everything under it, reporting (not throwing) what could not be deleted. */
    public static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            all.sort((a, b) -> b.getNameCount() - a.getNameCount());
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (Exception e) {
            System.err.println("Could not delete " + dir + ": " + e);
        }
    }
}
