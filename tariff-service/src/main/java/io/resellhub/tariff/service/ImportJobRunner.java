package io.resellhub.tariff.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.context.ManagedExecutor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.tariff.config.TariffServiceConfig;
import io.resellhub.tariff.domain.ImportJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Runs queued import and sync jobs in the background. Jobs are claimed from the database, so any
 * instance may run them: a POST kicks the runner at once, and a scheduled round every
 * {@code tariff-service.imports.poll-interval} (also right after start-up) picks up jobs nobody runs,
 * including those left {@code running} by a stopped instance once their heartbeat is older than
 * {@code stale-after}. Such a job runs again from the start, which is safe because the import is
 * idempotent; after {@code max-attempts} it is failed instead, so no job stays running forever.
 *
 * <p>Metric {@code resellhub.tariff.import.jobs}: how long each run of a job took on this instance, by
 * {@code kind} (import, sync) and {@code outcome} (succeeded, failed, taken-over by another instance).
 */
@ApplicationScoped
public class ImportJobRunner {

    /** Identifies this instance as the owner of the jobs it runs. */
    private final String owner = "tariff-service-" + UUID.randomUUID();
    private final AtomicBoolean draining = new AtomicBoolean();

    private final ImportJobs jobs;
    private final ImportEngine engine;
    private final ManagedExecutor executor;
    private final TariffServiceConfig config;
    private final Clock clock;
    private final MeterRegistry registry;

    public ImportJobRunner(ImportJobs jobs, ImportEngine engine, ManagedExecutor executor, TariffServiceConfig config,
            Clock clock, MeterRegistry registry) {
        this.jobs = jobs;
        this.engine = engine;
        this.executor = executor;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        // Every series from the start, so a rate or an alert finds it before the first job of its kind ends.
        for (String kind : new String[] {ImportJob.IMPORT, ImportJob.SYNC}) {
            for (String outcome : new String[] {ImportJob.SUCCEEDED, ImportJob.FAILED, "taken-over"}) {
                jobTimer(kind, outcome);
            }
        }
        Log.infof("Tariff import runner %s started; jobs left running elsewhere are resumed once stale", owner);
    }

    /** Starts working through pending jobs in the background, now. */
    public void kick() {
        executor.runAsync(this::drain);
    }

    @Scheduled(every = "${tariff-service.imports.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        drain();
    }

    /** Claims and runs jobs one after another until none is left; one drain per instance at a time. */
    void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        try {
            Optional<ImportJob> job;
            while ((job = claim()).isPresent()) {
                runOne(job.get());
            }
        } catch (RuntimeException e) {
            Log.errorf(e, "Tariff import runner failed to claim a job");
        } finally {
            draining.set(false);
        }
    }

    private Optional<ImportJob> claim() {
        Instant staleBefore = Instant.now(clock).minus(config.imports().staleAfter());
        return jobs.claimNext(owner, staleBefore, config.imports().maxAttempts());
    }

    private void runOne(ImportJob job) {
        Log.infof("Tariff %s %s started (module %s, %s, attempt %d)", job.kind, job.id, job.processingModuleId,
                job.productType, job.attempts);
        Progress progress = new Progress();
        Timer.Sample sample = Timer.start(registry);
        String outcome = ImportJob.FAILED;
        try {
            engine.run(job, owner, progress);
            outcome = ImportJob.SUCCEEDED;
        } catch (ImportJobs.LostOwnership e) {
            outcome = "taken-over";
            Log.warnf("Tariff %s %s was taken over by another instance; this one stops", job.kind, job.id);
        } catch (ProblemException e) {
            Log.warnf("Tariff %s %s failed: %s", job.kind, job.id, e.problem().detail());
            fail(job, progress, e.problem().detail());
        } catch (RuntimeException e) {
            Log.errorf(e, "Tariff %s %s failed", job.kind, job.id);
            fail(job, progress, "the job failed: " + e.getMessage());
        } finally {
            sample.stop(jobTimer(job.kind, outcome));
        }
    }

    private Timer jobTimer(String kind, String outcome) {
        return Timer.builder("resellhub.tariff.import.jobs")
                .description("Runs of tariff import and sync jobs on this instance, by kind and outcome")
                .tags("kind", kind, "outcome", outcome)
                .register(registry);
    }

    private void fail(ImportJob job, Progress progress, String reason) {
        try {
            jobs.finish(job.id, owner, progress, ImportJob.FAILED, reason);
        } catch (RuntimeException e) {
            Log.errorf(e, "Could not record the failure of tariff %s %s; it will be resumed when stale", job.kind, job.id);
        }
    }
}
