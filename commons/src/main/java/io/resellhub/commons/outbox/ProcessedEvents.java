package io.resellhub.commons.outbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.hibernate.Session;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The idempotent-consumer guard: a consumer calls {@link #firstDelivery} inside the transaction that
 * applies the event. The insert and the effect commit together, so a redelivered event is seen as
 * processed and changes nothing, and an effect that rolls back leaves the event unprocessed.
 */
@ApplicationScoped
public class ProcessedEvents {

    private final EntityManager entityManager;
    private final Clock clock;
    private final MeterRegistry registry;

    public ProcessedEvents(EntityManager entityManager, Clock clock, MeterRegistry registry) {
        this.entityManager = entityManager;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * Applies {@code effect} if this is {@code consumer}'s first delivery of {@code eventId}, in a transaction
     * of its own: the guard row and the effect commit or roll back together. Call it from the
     * {@code @Retry}-guarded consumer method, so each attempt starts a clean transaction ({@code @Transactional}
     * on that method would wrap all attempts in one, and after a failed statement PostgreSQL refuses the rest).
     */
    public void applyOnce(String consumer, UUID eventId, Runnable effect) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (firstDelivery(consumer, eventId)) {
                effect.run();
            }
        });
    }

    /**
     * Counts events delivered again to {@code consumer} (metric {@code resellhub.consumer.redeliveries}); called
     * for every delivery, with 0 for a first one, so each consumer's series exists from its first event on.
     */
    private void redelivered(String consumer, int count) {
        registry.counter("resellhub.consumer.redeliveries", "consumer", consumer).increment(count);
    }

    /** True the first time {@code consumer} sees {@code eventId}; false for a redelivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, UUID eventId) {
        int inserted = entityManager.createNativeQuery("""
                INSERT INTO processed_event (consumer, event_id, processed_at) VALUES (?1, ?2, ?3)
                ON CONFLICT DO NOTHING""")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .setParameter(3, Instant.now(clock))
                .executeUpdate();
        redelivered(consumer, inserted == 0 ? 1 : 0);
        if (inserted == 0) {
            Log.debugf("Event %s already processed by %s: skipped", eventId, consumer);
        }
        return inserted == 1;
    }

    /** The ids among {@code eventIds} that {@code consumer} sees for the first time (one statement for a batch). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> firstDeliveries(String consumer, Collection<UUID> eventIds) {
        Set<UUID> fresh = new HashSet<>();
        if (eventIds.isEmpty()) {
            return fresh;
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO processed_event (consumer, event_id, processed_at)
                    SELECT ?, id, ? FROM unnest(?::uuid[]) AS id
                    ON CONFLICT DO NOTHING RETURNING event_id""")) {
                insert.setString(1, consumer);
                insert.setTimestamp(2, Timestamp.from(Instant.now(clock)));
                insert.setArray(3, connection.createArrayOf("uuid", eventIds.toArray()));
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        fresh.add(rs.getObject(1, UUID.class));
                    }
                }
            }
        });
        redelivered(consumer, eventIds.size() - fresh.size());
        if (fresh.size() < eventIds.size()) {
            Log.debugf("%d of %d event(s) already processed by %s: skipped", eventIds.size() - fresh.size(),
                    eventIds.size(), consumer);
        }
        return fresh;
    }
}
