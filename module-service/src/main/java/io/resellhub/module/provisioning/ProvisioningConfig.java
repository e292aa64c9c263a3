package io.resellhub.module.provisioning;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How provisioning actions are retried, recovered and polled. */
@ConfigMapping(prefix = "module-service.provisioning")
public interface ProvisioningConfig {

    /** Upstream attempts of one action before it fails for good (transient failures only). */
    @WithDefault("8")
    int maxAttempts();

    /** Wait before the first retry; doubled before each further one. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** Upper bound of one wait between attempts or activation polls. */
    @WithDefault("5m")
    Duration maxBackoff();

    /**
     * How long a claimed attempt may run. Past it, the attempt is taken as crashed (the process died
     * between the upstream call and storing its result) and is run again: the client's note lookup
     * (orders) and expiry check (renewals) keep that from changing anything twice upstream. Keep it
     * above the longest upstream call (read timeout with its retries).
     */
    @WithDefault("2m")
    Duration lease();

    /** How long an ordered service may stay "processing" upstream before the order fails. */
    @WithDefault("24h")
    Duration activationTimeout();

    /** First wait before polling a service that is not active yet; doubled up to {@link #maxBackoff()}. */
    @WithDefault("2s")
    Duration activationPoll();

    /** How often the scheduler looks for due actions (read by {@code ProvisioningScheduler}'s expression). */
    @WithDefault("5s")
    Duration pollInterval();

    /** Due actions claimed per scheduler round. */
    @WithDefault("20")
    int batchSize();
}
