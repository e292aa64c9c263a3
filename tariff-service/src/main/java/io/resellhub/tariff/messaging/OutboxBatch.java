package io.resellhub.tariff.messaging;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hibernate.Session;

import io.resellhub.commons.events.EventCodec;
import io.resellhub.commons.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The batch variant of {@code Outbox.publish}: many events into the same {@code outbox} table in one
 * JDBC batch on the caller's transaction (one round trip instead of one INSERT per event). Same
 * envelope as {@code Outbox} writes, so the relay and consumers cannot tell them apart. To be moved
 * into commons.
 */
@ApplicationScoped
public class OutboxBatch {

    public record Event(String type, String aggregateId, Object data) {
    }

    private final EntityManager entityManager;
    private final EventCodec codec;
    private final Clock clock;
    private final String source;

    public OutboxBatch(EntityManager entityManager, EventCodec codec, Clock clock,
            @ConfigProperty(name = "quarkus.application.name") String source) {
        this.entityManager = entityManager;
        this.codec = codec;
        this.clock = clock;
        this.source = source;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String topic, List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        Instant now = Instant.now(clock);
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO outbox (event_id, topic, aggregate_id, event_type, envelope, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                for (Event event : events) {
                    EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), event.type(), source,
                            event.aggregateId(), now, 1, codec.toTree(event.data()));
                    insert.setObject(1, envelope.id());
                    insert.setString(2, topic);
                    insert.setString(3, event.aggregateId());
                    insert.setString(4, event.type());
                    insert.setString(5, codec.write(envelope));
                    insert.setTimestamp(6, Timestamp.from(now));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }
}
