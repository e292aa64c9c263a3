package io.resellhub.module.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final TestClock clock = new TestClock();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

    @Test
    void opensAfterConsecutiveFailuresOnly() {
        breaker.onFailure("a");
        breaker.onFailure("b");
        breaker.onSuccess();
        breaker.onFailure("c");
        breaker.onFailure("d");
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "a success in between resets the count");

        breaker.onFailure("e");

        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertEquals(Duration.ofSeconds(30), breaker.tryAcquire());
        assertEquals("e", breaker.lastFailure());
    }

    @Test
    void halfOpenLetsOneTrialThroughAndItsOutcomeDecides() {
        for (int i = 0; i < 3; i++) {
            breaker.onFailure("down");
        }
        clock.advance(Duration.ofSeconds(20));
        assertEquals(Duration.ofSeconds(10), breaker.tryAcquire());

        clock.advance(Duration.ofSeconds(10));
        assertNull(breaker.tryAcquire(), "the trial call goes");
        assertNotNull(breaker.tryAcquire(), "a second caller waits while the trial is in flight");
        breaker.onFailure("still down");
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(), "a failed trial opens the circuit again");

        clock.advance(Duration.ofSeconds(30));
        assertNull(breaker.tryAcquire());
        breaker.onSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertNull(breaker.tryAcquire());
    }
}
