package io.resellhub.commons.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import jakarta.persistence.OptimisticLockException;

/** Two changes of one row at once are a 409, however deeply the failure is wrapped; anything else is not. */
class ConcurrentChangeTest {

    @Test
    void aStaleOptimisticLockInsideARollbackIsAConcurrentChange() {
        Exception wrapped = new IllegalStateException("commit failed", new RuntimeException("rolled back",
                new OptimisticLockException("Row was updated or deleted by another transaction")));
        assertEquals("OptimisticLockException", ProblemMappers.concurrentChange(wrapped));
    }

    @Test
    void serializationFailuresDeadlocksAndTakenKeysAreConcurrentChanges() {
        for (String state : new String[] {"40001", "40P01", "55P03", "23505"}) {
            assertEquals("SQL state " + state, ProblemMappers.concurrentChange(
                    new RuntimeException(new SQLException("conflict", state))));
        }
    }

    @Test
    void otherFailuresAreNot() {
        assertNull(ProblemMappers.concurrentChange(new RuntimeException(new SQLException("syntax", "42601"))));
        assertNull(ProblemMappers.concurrentChange(new NullPointerException()));
    }
}
