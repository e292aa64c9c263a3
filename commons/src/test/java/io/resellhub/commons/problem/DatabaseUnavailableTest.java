package io.resellhub.commons.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

/** A database that cannot be reached is a 503, however deeply the failure is wrapped; anything else is not. */
class DatabaseUnavailableTest {

    @Test
    void connectionFailuresAndServerShutdownsAreUnavailable() {
        for (String state : new String[] {"08001", "08006", "08003", "57P01", "57P02", "57P03"}) {
            assertEquals("SQL state " + state + ": gone", ProblemMappers.databaseUnavailable(
                    new IllegalStateException("rolled back", new RuntimeException(new SQLException("gone", state)))));
        }
    }

    @Test
    void aCommitTheServerCutOffIsUnavailable() {
        // What Narayana throws when PostgreSQL ends the session during the commit.
        Exception rollback = new IllegalStateException("ARJUNA016053: Could not commit transaction.");
        Exception xa = new Exception("Error trying to transactionCommit local transaction",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        rollback.addSuppressed(xa);
        assertEquals("SQL state 57P01: FATAL: terminating connection due to administrator command",
                ProblemMappers.databaseUnavailable(new RuntimeException("Error invoking subclass method", rollback)));
    }

    @Test
    void anExhaustedOrUnreachablePoolIsUnavailable() {
        assertNotNull(ProblemMappers.databaseUnavailable(new RuntimeException(
                new SQLException("Acquisition timeout while waiting for new connection"))));
        assertNotNull(ProblemMappers.databaseUnavailable(new RuntimeException(
                new SQLTransientConnectionException("no connection"))));
    }

    @Test
    void otherFailuresAreNot() {
        assertNull(ProblemMappers.databaseUnavailable(new RuntimeException(new SQLException("syntax", "42601"))));
        assertNull(ProblemMappers.databaseUnavailable(new RuntimeException(new SQLException("taken", "23505"))));
        assertNull(ProblemMappers.databaseUnavailable(new NullPointerException()));
    }
}
