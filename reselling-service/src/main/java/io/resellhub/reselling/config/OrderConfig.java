package io.resellhub.reselling.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.resellhub.reselling.service.OrderReconciler;

/** How orders whose action seems lost are found and asked for again ({@link OrderReconciler}). */
@ConfigMapping(prefix = "reselling-service.orders")
public interface OrderConfig {

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
