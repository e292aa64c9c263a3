package io.resellhub.module.provisioning;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs due provisioning actions: retries with back-off, activation polls, and crash recovery. */
@ApplicationScoped
public class ProvisioningScheduler {

    private final ProvisioningWorker worker;
    private final ProvisioningConfig config;

    public ProvisioningScheduler(ProvisioningWorker worker, ProvisioningConfig config) {
        this.worker = worker;
        this.config = config;
    }

    @Scheduled(every = "${module-service.provisioning.poll-interval:5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void runDue() {
        for (ProvisioningWorker.Claim claim : worker.claimDue(config.batchSize())) {
            worker.run(claim);
        }
    }
}
