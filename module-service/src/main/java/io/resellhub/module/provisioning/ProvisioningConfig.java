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

    /**
     * Shortest wait between two checks of a service that is not active yet; a service that has waited long
     * is checked every tenth of its wait, up to {@link #activationMaxInterval()}. A check is one list call per
     * module and product type however many services wait there, so checking often costs little; at 500 ms an
     * order waited 400-470 ms (p50) past its certificate's issue to be seen, at 250 ms 215.
     */
    @WithDefault("250ms")
    Duration activationPoll();

    /** Longest wait between two checks of a service that is not active yet. */
    @WithDefault("1m")
    Duration activationMaxInterval();

    /**
     * How often waiting services are checked while any waits (once per tick across all replicas); while none waits,
     * each replica looks for them every {@link #activationPoll()}.
     */
    @WithDefault("100ms")
    Duration activationTick();

    /** Provisioning actions running at once on one replica (the worker pool); per module see the upstream bound. */
    @WithDefault("64")
    int maxConcurrentActions();

    /**
     * How often the dispatcher looks for due actions when nothing woke it (new actions wake it at once):
     * retries whose time came and attempts whose lease ran out.
     */
    @WithDefault("500ms")
    Duration dispatchInterval();
}
