package io.resellhub.module.provisioning;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Runs provisioning actions concurrently on a bounded worker pool, never on the Kafka consumer thread: the
 * consumer records an action and {@link #wake wakes} this dispatcher, whose single loop claims as many due
 * actions as there are free workers ({@link ProvisioningWorker#claimDue}: per-order order, per-module bound)
 * and hands each to a worker. With nothing to wake it, it still looks every {@code dispatch-interval} for
 * retries whose time came and for attempts whose lease ran out (another replica died).
 */
@ApplicationScoped
public class ProvisioningDispatcher {

    private final ProvisioningWorker worker;
    private final ProvisioningConfig config;
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean paused;
    private volatile boolean stopped;
    private ExecutorService workers;
    private Thread loop;

    public ProvisioningDispatcher(ProvisioningWorker worker, ProvisioningConfig config) {
        this.worker = worker;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        AtomicInteger number = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.maxConcurrentActions(), r -> {
            Thread thread = new Thread(r, "provisioning-worker-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        loop = new Thread(this::dispatch, "provisioning-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        wake();
        if (workers != null) {
            workers.shutdown();
            try {
                if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                    Log.warnf("Provisioning: %d action(s) still running at shutdown; their leases will run out and"
                            + " another replica (or the next start) runs them again", running.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Something may be due now (a new action, a finished one that others of its order waited for). */
    public void wake() {
        wakeUp.release();
    }

    /** Stops claiming new actions; running ones finish. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        wake();
    }

    private void dispatch() {
        while (!stopped) {
            int claimed = 0;
            try {
                int free = config.maxConcurrentActions() - running.get();
                if (!paused && free > 0) {
                    List<ProvisioningWorker.Claim> claims = worker.claimDue(free);
                    claimed = claims.size();
                    claims.forEach(this::submit);
                }
            } catch (RuntimeException e) {
                Log.warnf("Provisioning: due actions could not be claimed (%s); trying again shortly", e.getMessage());
            }
            if (claimed == 0) {
                awaitWakeUp();
            }
        }
    }

    private void submit(ProvisioningWorker.Claim claim) {
        running.incrementAndGet();
        workers.execute(() -> {
            try {
                worker.run(claim);
            } finally {
                running.decrementAndGet();
                wake();
            }
        });
    }

    private void awaitWakeUp() {
        try {
            wakeUp.tryAcquire(config.dispatchInterval().toMillis(), TimeUnit.MILLISECONDS);
            wakeUp.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
