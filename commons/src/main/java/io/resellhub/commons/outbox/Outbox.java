package io.resellhub.commons.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.quarkus.logging.Log;
import io.resellhub.commons.events.EventCodec;
import io.resellhub.commons.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes an event into the {@code outbox} table on the caller's transaction, so the state change
 * and its event commit or roll back together. {@link OutboxRelay} publishes it afterwards.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager entityManager;
    private final EventCodec codec;
    private final Clock clock;
    private final String source;

    public Outbox(EntityManager entityManager, EventCodec codec, Clock clock,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.entityManager = entityManager;
        this.codec = codec;
        this.clock = clock;
        this.source = source;
    }

    /** Records {@code data} as event {@code type} about aggregate {@code aggregateId}; returns the envelope. */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope publish(String topic, String type, String aggregateId, Object data) {
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type, source, aggregateId,
                Instant.now(clock), 1, codec.toTree(data));
        entityManager.createNativeQuery("""
                INSERT INTO outbox (event_id, topic, aggregate_id, event_type, envelope, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, envelope.id())
                .setParameter(2, topic)
                .setParameter(3, aggregateId)
                .setParameter(4, type)
                .setParameter(5, codec.write(envelope))
                .setParameter(6, envelope.time())
                .executeUpdate();
        Log.debugf("Outbox: %s %s for %s on %s", type, envelope.id(), aggregateId, topic);
        return envelope;
    }
}
