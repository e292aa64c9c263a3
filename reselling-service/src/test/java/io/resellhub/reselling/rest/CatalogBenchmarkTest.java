package io.resellhub.reselling.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.reselling.RealInfrastructureProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import io.resellhub.reselling.repository.TariffStore;

/**
 * On demand only ({@code -Dtest=CatalogBenchmarkTest -Dsurefire.excludedGroups=}): loads 10,000 tariffs
 * into the read model, enables them in 10 calls of 1,000, measures until all are in the catalog, then
 * runs {@code wrk -t2 -c16 -d10s --latency} against {@code /catalog?size=50} and the bare
 * {@code /internal/ping} in the same run and prints requests/s and p99 of both.
 */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
@Tag("bench")
class CatalogBenchmarkTest {

    private static final int TARIFFS = 10_000;
    private static final int BATCH = 1_000;

    @Inject
    TariffStore store;

    @Inject
    EntityManager entityManager;

    @Test
    void enableTenThousandThenLoadTheCatalog() throws Exception {
        String productType = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        UUID moduleId = UUID.randomUUID();
        List<UUID> ids = new ArrayList<>(TARIFFS);
        List<TariffStore.ProjectedTariff> rows = new ArrayList<>(TARIFFS);
        for (int i = 0; i < TARIFFS; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            rows.add(new TariffStore.ProjectedTariff(id, moduleId, "up-" + i, productType,
                    String.format("Bench tariff %05d", i), "Bench Co",
                    "[{\"period\":12,\"amount\":\"15.00\",\"currency\":\"USD\",\"upstreamCost\":\"10.00\"},"
                            + "{\"period\":1,\"amount\":\"1.50\",\"currency\":\"USD\",\"upstreamCost\":\"1.00\"}]",
                    true, false, false, 0, false));
        }
        long loadStart = System.nanoTime();
        for (int from = 0; from < TARIFFS; from += BATCH) {
            List<TariffStore.ProjectedTariff> batch = rows.subList(from, from + BATCH);
            QuarkusTransaction.requiringNew().run(() -> store.upsertAll(batch, Instant.now(Clock.systemUTC())));
        }
        long loadedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStart);

        long enableStart = System.nanoTime();
        List<Long> callMs = new ArrayList<>();
        for (int from = 0; from < TARIFFS; from += BATCH) {
            long callStart = System.nanoTime();
            String body = ids.subList(from, from + BATCH).stream().map(id -> "\"" + id + "\"")
                    .collect(Collectors.joining(",", "{\"ids\":[", "]}"));
            given().contentType(ContentType.JSON).body(body).when().post("/tariffs/enable").then().statusCode(200);
            callMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - callStart));
        }
        long callsDoneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - enableStart);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> given()
                .when().get("/catalog?productType=" + productType + "&size=1").then().statusCode(200).extract()
                .jsonPath().getLong("total") == TARIFFS);
        long visibleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - enableStart);

        // Let the outbox relay publish the 10,000 tariff.enabled events before measuring the catalog alone.
        long relayStart = System.nanoTime();
        await().atMost(Duration.ofMinutes(2)).until(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM outbox WHERE sent_at IS NULL").getSingleResult()).longValue()) == 0);
        long relayedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - relayStart);

        String base = "http://127.0.0.1:" + RestAssured.port;
        Wrk catalog = wrk(base + "/catalog?size=50");
        Wrk ping = wrk(base + "/internal/ping");

        System.out.printf("%n==== Catalog benchmark (%d tariffs) ====%n", TARIFFS);
        System.out.printf("load read model directly:     %6d ms%n", loadedMs);
        System.out.printf("enable 10 x %d calls:        %6d ms (per call: %s ms)%n", BATCH, callsDoneMs, callMs);
        System.out.printf("enable start -> all visible:  %6d ms%n", visibleMs);
        System.out.printf("outbox drained after:         %6d ms more%n", relayedMs);
        System.out.printf("wrk -t2 -c16 -d10s /catalog?size=50: %10.1f req/s, p99 %s%n", catalog.requestsPerSecond, catalog.p99);
        System.out.printf("wrk -t2 -c16 -d10s /internal/ping:   %10.1f req/s, p99 %s%n", ping.requestsPerSecond, ping.p99);
        System.out.printf("==========================================%n%n");

        assertTrue(catalog.requestsPerSecond > 0 && ping.requestsPerSecond > 0);
        assertEquals(0, catalog.errors, "catalog answered non-2xx or failed under load");

        // Leave the shared catalog as it was.
        for (int from = 0; from < TARIFFS; from += BATCH) {
            String body = ids.subList(from, from + BATCH).stream().map(id -> "\"" + id + "\"")
                    .collect(Collectors.joining(",", "{\"ids\":[", "]}"));
            given().contentType(ContentType.JSON).body(body).when().post("/tariffs/disable").then().statusCode(200);
        }
    }

    private record Wrk(double requestsPerSecond, String p99, long errors, String output) {
    }

    private static Wrk wrk(String url) throws IOException, InterruptedException {
        ensureWrk();
        String output = run(List.of("wrk", "-t2", "-c16", "-d10s", "--latency", url));
        System.out.println(output);
        Matcher rps = java.util.regex.Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
        Matcher p99 = java.util.regex.Pattern.compile("\\n\\s+99%\\s+(\\S+)").matcher(output);
        Matcher non2xx = java.util.regex.Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(output);
        return new Wrk(rps.find() ? Double.parseDouble(rps.group(1)) : 0, p99.find() ? p99.group(1) : "?",
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, output);
    }

    private static void ensureWrk() throws IOException, InterruptedException {
        if (new ProcessBuilder("sh", "-c", "command -v wrk").start().waitFor() == 0) {
            return;
        }
        System.out.println("wrk is missing: installing the Debian package");
        String sudo = "root".equals(System.getProperty("user.name")) ? "" : "sudo ";
        System.out.println(run(List.of("sh", "-c", sudo + "apt-get install -y wrk || (" + sudo + "apt-get update && "
                + sudo + "apt-get install -y wrk)")));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
            }
        }
        process.waitFor();
        return output.toString();
    }
}
