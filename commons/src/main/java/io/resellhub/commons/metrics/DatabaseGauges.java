package io.resellhub.commons.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Gauges whose values come from a query of the service's own tables (orders pending, provisioning actions by
 * state, modules below their minimal balance). The queries run on a schedule, every
 * {@code resellhub.metrics.database-gauges.interval} (15 s by default), each in a transaction of its own; a
 * scrape only reads the last values and never waits for the database. A query that fails leaves its gauges at
 * their last values (logged at DEBUG: the database being down shows in readiness already).
 *
 * <p>Each query answers a map from a tag value to a number, so one statement serves every value of a tag (a
 * {@code GROUP BY}); values the query does not return read 0. Register at startup, with the tag values known
 * then, so every series exists from the first scrape on.
 */
@ApplicationScoped
public class DatabaseGauges {

    private final MeterRegistry registry;
    private final List<Query> queries = new CopyOnWriteArrayList<>();

    public DatabaseGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One gauge {@code name} without tags; {@code query} returns its value. */
    public void register(String name, String description, String baseUnit, Supplier<Number> query) {
        Query registered = new Query(() -> Map.of("", query.get()));
        gauge(name, description, baseUnit, Tags.empty(), registered, "");
        queries.add(registered);
    }

    /**
     * One gauge {@code name} per value of {@code tag} in {@code tagValues}; {@code query} returns the values by
     * tag value (a missing one reads 0).
     */
    public void register(String name, String description, String tag, List<String> tagValues,
            Supplier<Map<String, ? extends Number>> query) {
        Query registered = new Query(query);
        for (String value : tagValues) {
            gauge(name, description, null, Tags.of(tag, value), registered, value);
        }
        queries.add(registered);
    }

    private void gauge(String name, String description, String baseUnit, Tags tags, Query query, String key) {
        Gauge.builder(name, query, q -> q.value(key))
                .description(description)
                .baseUnit(baseUnit)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }

    @Scheduled(every = "${resellhub.metrics.database-gauges.interval:15s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        for (Query query : queries) {
            query.refresh();
        }
    }

    /** One registered query and the values it answered last. */
    private static final class Query {

        private final Supplier<? extends Map<String, ? extends Number>> statement;
        private volatile Map<String, Double> values = Map.of();

        Query(Supplier<? extends Map<String, ? extends Number>> statement) {
            this.statement = statement;
        }

        void refresh() {
            try {
                Map<String, ? extends Number> answer = QuarkusTransaction.requiringNew().call(statement::get);
                Map<String, Double> fresh = new HashMap<>();
                answer.forEach((key, value) -> fresh.put(key, value == null ? 0 : value.doubleValue()));
                values = fresh;
            } catch (RuntimeException e) {
                Log.debugf("Database gauge query failed, keeping the last values: %s", e.toString());
            }
        }

        double value(String key) {
            return values.getOrDefault(key, 0.0);
        }
    }
}
