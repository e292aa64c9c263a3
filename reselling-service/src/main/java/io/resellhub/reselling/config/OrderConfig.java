package io.resellhub.reselling.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.resellhub.reselling.service.OrderIntake;
import io.resellhub.reselling.service.OrderReconciler;

/**
 * How many orders one replica places at once ({@link OrderIntake}), and how orders whose action seems lost are found
 * and asked for again ({@link OrderReconciler}).
 */
@ConfigMapping(prefix = "reselling-service.orders")
public interface OrderConfig {

    /** Order placements running at once on one replica; more wait their turn. */
    @WithDefault("4")
    int maxConcurrentPlacements();

    /** How long a placement waits for its turn before it is refused with 503 (nothing placed). */
    @WithDefault("10s")
    Duration placementWait();

    /** An action pending longer than this (and not asked for again within it) is asked for again. */
    @WithDefault("2m")
    Duration reconcileAfter();

    /** How often stuck orders are looked for (once per interval across all replicas). */
    @WithDefault("30s")
    Duration reconcileInterval();

    /** Orders asked for again per round at most. */
    @WithDefault("500")
    int reconcileBatch();
}
