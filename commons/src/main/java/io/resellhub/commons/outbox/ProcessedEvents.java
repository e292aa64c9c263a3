package io.resellhub.commons.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.logging.Log;
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

    public ProcessedEvents(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
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
        if (inserted == 0) {
            Log.debugf("Event %s already processed by %s: skipped", eventId, consumer);
        }
        return inserted == 1;
    }
}
