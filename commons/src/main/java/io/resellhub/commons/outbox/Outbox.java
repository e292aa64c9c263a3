package io.resellhub.commons.outbox;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hibernate.Session;

import io.quarkus.logging.Log;
import io.resellhub.commons.events.EventCodec;
import io.resellhub.commons.events.EventEnvelope;
import io.resellhub.commons.tracing.TraceHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes an event into the {@code outbox} table on the caller's transaction, so the state change
 * and its event commit or roll back together. {@link OutboxRelay} publishes it afterwards. The row also keeps
 * the trace context of the span writing it (W3C traceparent/tracestate), which the relay sends as Kafka
 * headers, so the consumer's span joins the request that caused the event.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager entityManager;
    private final EventCodec codec;
    private final Clock clock;
    private final String source;
    private final Event<Written> written;

    public Outbox(EntityManager entityManager, EventCodec codec, Clock clock,
            @ConfigProperty(name = "quarkus.application.name") String source, Event<Written> written) {
        this.entityManager = entityManager;
        this.codec = codec;
        this.clock = clock;
        this.source = source;
        this.written = written;
    }

    /**
     * Rows were written to the outbox in the current transaction. {@link OutboxRelay} observes it once the
     * transaction has committed and starts its next round at once instead of after its pause (an order crosses two
     * relays on its way to active). The relay of another replica is not told: it finds the rows at its next round.
     */
    public record Written() {
    }

    /** An event to record: its type, the id of the aggregate it is about (the Kafka key), and its data. */
    public record Pending(String type, String aggregateId, Object data) {
    }

    /** Records {@code data} as event {@code type} about aggregate {@code aggregateId}; returns the event id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String topic, String type, String aggregateId, Object data) {
        return publish(topic, new Pending(type, aggregateId, data));
    }

    /** Records {@code event}; returns its event id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String topic, Pending event) {
        Outgoing envelope = envelope(event, Instant.now(clock));
        insert(topic, List.of(envelope));
        Log.debugf("Outbox: %s %s for %s on %s", event.type(), envelope.id(), event.aggregateId(), topic);
        return envelope.id();
    }

    /** The {@code event_type} of an outbox row that is a tombstone (no envelope). */
    public static final String TOMBSTONE = "tombstone";

    /**
     * Records a tombstone for aggregate {@code aggregateId}: a Kafka record with that key and a null value, which
     * a compacted topic keeps for its {@code delete.retention.ms} and then forgets together with every older
     * record of the key. Publish the aggregate's deletion event first, so consumers learn what happened.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void tombstone(String topic, String aggregateId) {
        written.fire(new Written());
        TraceHeaders.Stored trace = TraceHeaders.current();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO outbox (event_id, topic, aggregate_id, event_type, envelope, created_at,
                        traceparent, tracestate)
                    VALUES (?, ?, ?, ?, NULL, ?, ?, ?)""")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, topic);
                insert.setString(3, aggregateId);
                insert.setString(4, TOMBSTONE);
                insert.setTimestamp(5, Timestamp.from(Instant.now(clock)));
                insert.setString(6, trace.traceparent());
                insert.setString(7, trace.tracestate());
                insert.executeUpdate();
            }
        });
        Log.debugf("Outbox: tombstone for %s on %s", aggregateId, topic);
    }

    /** Records many events in one JDBC batch (a bulk import), on the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAll(String topic, List<Pending> events) {
        if (events.isEmpty()) {
            return;
        }
        Instant now = Instant.now(clock);
        insert(topic, events.stream().map(event -> envelope(event, now)).toList());
        Log.debugf("Outbox: %d event(s) on %s", events.size(), topic);
    }

    /**
     * An {@link EventEnvelope} as it is written: the same fields in the same order, but the data is
     * serialised straight from the caller's object, without a JSON tree in between (a bulk import writes
     * thousands).
     */
    private record Outgoing(UUID id, String type, String source, String subject, Instant time, int dataVersion,
            Object data) {
    }

    private Outgoing envelope(Pending event, Instant now) {
        return new Outgoing(UUID.randomUUID(), event.type(), source, event.aggregateId(), now, 1, event.data());
    }

    private void insert(String topic, List<Outgoing> envelopes) {
        written.fire(new Written());
        // Read once per statement: every event of a call is written by the same span.
        TraceHeaders.Stored trace = TraceHeaders.current();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO outbox (event_id, topic, aggregate_id, event_type, envelope, created_at,
                        traceparent, tracestate)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (Outgoing envelope : envelopes) {
                    insert.setObject(1, envelope.id());
                    insert.setString(2, topic);
                    insert.setString(3, envelope.subject());
                    insert.setString(4, envelope.type());
                    insert.setString(5, codec.write(envelope));
                    insert.setTimestamp(6, Timestamp.from(envelope.time()));
                    insert.setString(7, trace.traceparent());
                    insert.setString(8, trace.tracestate());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }
}
