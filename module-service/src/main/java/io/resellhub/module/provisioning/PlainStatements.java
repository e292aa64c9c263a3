package io.resellhub.module.provisioning;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transactions of plain prepared statements, for what runs for every order around its upstream call: the
 * dispatcher's claim, the worker's fenced updates (confirming its claim, routing, settling into ACTIVATING) and the
 * routing read. Hibernate's native queries and finds cost more than these statements themselves (a query plan
 * looked up and a result mapping worked out on every execution, a session opened and flushed per transaction), so
 * these take the transaction's connection from the pool (enlisted in the transaction) without a session.
 */
@ApplicationScoped
class PlainStatements {

    /** Work on the transaction's connection. */
    @FunctionalInterface
    interface Work<T> {
        T execute(Connection connection) throws SQLException;
    }

    private final AgroalDataSource dataSource;

    PlainStatements(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} in a transaction of its own; its result once committed. */
    <T> T inNewTransaction(Work<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return work.execute(connection);
            }
        });
    }

    /**
     * Runs {@code sql} with {@code values} bound in order (an {@link Instant} as {@code timestamptz}) in a
     * transaction of its own; the rows it changed.
     */
    int update(String sql, Object... values) {
        return inNewTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    Object value = values[i];
                    statement.setObject(i + 1, value instanceof Instant instant ? utc(instant) : value);
                }
                return statement.executeUpdate();
            }
        });
    }

    /** An instant as the PostgreSQL driver binds a {@code timestamptz}. */
    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
