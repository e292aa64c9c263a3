package io.resellhub.module.provisioning;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

/**
 * The single-statement writes a worker makes around its upstream calls (confirming its claim, routing, settling
 * into ACTIVATING), each in a transaction of its own, as plain prepared statements on that transaction's
 * connection: they run for every order, and Hibernate's native query around each (a query plan looked up and
 * parameters bound through its type system) cost more than the statement itself.
 */
@ApplicationScoped
class FencedUpdates {

    private final EntityManager entityManager;

    FencedUpdates(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Runs {@code sql} with {@code values} bound in order (an {@link Instant} as {@code timestamptz}); rows changed. */
    int run(String sql, Object... values) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.unwrap(Session.class)
                .doReturningWork(connection -> {
                    try (PreparedStatement statement = connection.prepareStatement(sql)) {
                        for (int i = 0; i < values.length; i++) {
                            Object value = values[i];
                            statement.setObject(i + 1, value instanceof Instant instant ? utc(instant) : value);
                        }
                        return statement.executeUpdate();
                    }
                }));
    }

    /** An instant as the PostgreSQL driver binds a {@code timestamptz}. */
    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
