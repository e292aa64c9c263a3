package io.resellhub.module.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The breaker of one upstream: opens after {@code threshold} consecutive transient failures, stays open
 * for {@code delay}, then lets one trial call through (half-open): its success closes the circuit, its
 * failure opens it again. Business answers (error envelopes, even a wrong URL's HTML) count as the
 * upstream answering, never as failures.
 */
final class CircuitBreaker {

    enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final int threshold;
    private final Duration delay;
    private final Clock clock;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private boolean trialInFlight;
    private String lastFailure;

    CircuitBreaker(int threshold, Duration delay, Clock clock) {
        this.threshold = Math.max(1, threshold);
        this.delay = delay;
        this.clock = clock;
    }

    /** Null when the call may go; otherwise how long until the next trial call is allowed. */
    synchronized Duration tryAcquire() {
        if (state == State.OPEN) {
            Duration elapsed = Duration.between(openedAt, clock.instant());
            if (elapsed.compareTo(delay) < 0) {
                return delay.minus(elapsed);
            }
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        if (state == State.HALF_OPEN) {
            if (trialInFlight) {
                return Duration.ZERO;
            }
            trialInFlight = true;
        }
        return null;
    }

    synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    synchronized void onFailure(String description) {
        lastFailure = description;
        trialInFlight = false;
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= threshold) {
            state = State.OPEN;
            openedAt = clock.instant();
        }
    }

    synchronized State state() {
        return state;
    }

    synchronized String lastFailure() {
        return lastFailure;
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }
}
