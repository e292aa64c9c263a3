package io.resellhub.reselling.service;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.resellhub.reselling.config.OrderConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Lets at most {@code max-concurrent-placements} order placements run at once on this replica; the others wait
 * their turn, first come first served, for up to {@code placement-wait}, and are then refused ({@link Busy}, a
 * 503 with nothing changed). Why: placements are CPU-bound, and with 32 running at once on two cores the
 * replica's single provisioning-results thread and its outbox relay waited behind them for the CPU (orders benchmark,
 * 32 clients: a result took 557 ms, p50, to turn its order active instead of 220 with four). A few placements at a
 * time keep the cores just as busy, and a waiting request costs nothing.
 */
@ApplicationScoped
public class OrderIntake {

    private final Semaphore permits;
    private final Duration wait;

    @Inject
    public OrderIntake(OrderConfig config) {
        this(config.maxConcurrentPlacements(), config.placementWait());
    }

    OrderIntake(int permits, Duration wait) {
        if (permits < 1) {
            throw new IllegalArgumentException("reselling-service.orders.max-concurrent-placements must be at least 1,"
                    + " not " + permits);
        }
        this.permits = new Semaphore(permits, true);
        this.wait = wait;
    }

    /** Runs {@code placement} once a permit is free; {@link Busy} if none was within the wait. */
    public <T> T admit(Supplier<T> placement) {
        try {
            if (!permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Busy(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy(wait);
        }
        try {
            return placement.get();
        } finally {
            permits.release();
        }
    }

    /** No permit came free within the wait: the order was not placed. */
    public static final class Busy extends RuntimeException {

        Busy(Duration wait) {
            super("more orders are being placed than this replica takes at once, and none finished within "
                    + wait.toMillis() + " ms");
        }
    }
}
