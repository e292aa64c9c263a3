package io.resellhub.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The metric names read out of PromQL, and out of the monitoring component's files. */
class MonitoringQueriesTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../../..").normalize();

    @Test
    void metricNamesLeaveFunctionsLabelsRangesAndGroupingOut() {
        assertEquals(Set.of("resellhub_upstream_calls_seconds_count"), MonitoringQueries.metricNames(
                "sum by (account) (rate(resellhub_upstream_calls_seconds_count{namespace=\"$namespace\","
                        + "outcome=\"failed\"}[5m])) / sum by (account)"
                        + " (rate(resellhub_upstream_calls_seconds_count[5m]))"));
        assertEquals(Set.of("a_total", "b"), MonitoringQueries.metricNames(
                "increase(a_total{x=\"by (y) rate(z)\"}[1h]) > 0 and on (job) b offset 5m unless 1e3"));
        assertEquals(Set.of("up"), MonitoringQueries.metricNames("max without (pod) (up) > bool 0"));
    }

    @Test
    void sampleNamesAreTheNamesOfTheExposedLines() {
        assertEquals(Set.of("resellhub_outbox_backlog", "jvm_threads_live_threads"), MonitoringQueries.sampleNames("""
                # HELP resellhub_outbox_backlog unsent rows
                # TYPE resellhub_outbox_backlog gauge
                resellhub_outbox_backlog 0.0
                jvm_threads_live_threads{application="x"} 41.0
                """));
    }

    @Test
    void theRulesAndTheDashboardUseTheResellhubMetrics() {
        Set<String> names = MonitoringQueries.metricNames(ROOT);

        for (String expected : Set.of("resellhub_outbox_oldest_unsent_age_seconds", "resellhub_outbox_backlog",
                "resellhub_outbox_published_total", "resellhub_consumer_dead_letters_total",
                "resellhub_consumer_redeliveries_total", "resellhub_upstream_calls_seconds_count",
                "resellhub_upstream_breaker_open", "resellhub_provisioning_actions",
                "resellhub_tariff_import_jobs_seconds_count", "resellhub_catalog_cache_requests_total",
                "resellhub_modules_below_minimum_balance", "resellhub_orders_pending_oldest_age_seconds")) {
            assertTrue(names.contains(expected), expected + " in " + names);
        }
        assertTrue(MonitoringQueries.expressions(ROOT).size() >= 25, "5 alerts and the dashboard's queries");
        // A label or a stray brace read as a metric name means a broken query (a label matcher closed too early).
        for (String name : names) {
            assertTrue(name.startsWith("resellhub_") || name.startsWith("http_server_"), name + " in " + names);
        }
    }
}
