package io.resellhub.reselling.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bound on order placements running at once: who waits, who is refused, and that permits come back. */
class OrderIntakeTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void noMoreThanTheBoundRunAtOnceAndTheOthersWaitTheirTurn() throws Exception {
        OrderIntake intake = new OrderIntake(2, Duration.ofSeconds(10));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Future<?>[] placements = new Future<?>[12];
        for (int i = 0; i < placements.length; i++) {
            placements[i] = callers.submit(() -> intake.admit(() -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                sleep(20);
                running.decrementAndGet();
                return null;
            }));
        }
        for (Future<?> placement : placements) {
            placement.get(10, TimeUnit.SECONDS);
        }
        assertEquals(2, mostAtOnce.get());
    }

    @Test
    void aPlacementThatFindsNoPermitWithinTheWaitIsRefusedAndNothingRuns() throws Exception {
        OrderIntake intake = new OrderIntake(1, Duration.ofMillis(100));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> first = callers.submit(() -> intake.admit(() -> {
            holding.countDown();
            await(release);
            return null;
        }));
        assertTrue(holding.await(5, TimeUnit.SECONDS));
        AtomicInteger ran = new AtomicInteger();
        OrderIntake.Busy refused = assertThrows(OrderIntake.Busy.class, () -> intake.admit(ran::incrementAndGet));
        assertTrue(refused.getMessage().contains("100 ms"), refused.getMessage());
        assertEquals(0, ran.get());

        release.countDown();
        first.get(5, TimeUnit.SECONDS);
        assertEquals(1, intake.admit(ran::incrementAndGet), "the permit came back");
    }

    @Test
    void aFailingPlacementGivesItsPermitBack() {
        OrderIntake intake = new OrderIntake(1, Duration.ofMillis(100));
        assertThrows(IllegalStateException.class, () -> intake.admit(() -> {
            throw new IllegalStateException("tariff not on sale");
        }));
        assertEquals("placed", intake.admit(() -> "placed"));
    }

    @Test
    void aBoundBelowOneIsRefusedAtStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OrderIntake(0, Duration.ofSeconds(1)));
        assertFalse(e.getMessage().isBlank());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
