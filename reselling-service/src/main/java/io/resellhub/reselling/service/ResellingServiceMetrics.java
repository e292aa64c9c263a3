package io.resellhub.reselling.service;

import io.quarkus.runtime.StartupEvent;
import io.resellhub.commons.metrics.DatabaseGauges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

/**
 * reselling-service's gauges read from its tables (see {@link DatabaseGauges}): orders whose last action waits
 * for module-service's result ({@code resellhub.orders.pending}) and how long the oldest has waited
 * ({@code resellhub.orders.pending.oldest.age}, 0 when none). Both read the partial index on pending orders.
 */
@ApplicationScoped
public class ResellingServiceMetrics {

    private final EntityManager entityManager;
    private final DatabaseGauges gauges;

    public ResellingServiceMetrics(EntityManager entityManager, DatabaseGauges gauges) {
        this.entityManager = entityManager;
        this.gauges = gauges;
    }

    void onStart(@Observes StartupEvent event) {
        gauges.register("resellhub.orders.pending", "Orders whose last action waits for its provisioning result",
                null, () -> (Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM customer_order WHERE last_action_status = 'PENDING'").getSingleResult());
        gauges.register("resellhub.orders.pending.oldest.age",
                "How long the longest-waiting pending order has waited since its last change (0 when none)", "seconds",
                () -> (Number) entityManager.createNativeQuery("""
                        SELECT COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(updated_at)), 0)
                        FROM customer_order WHERE last_action_status = 'PENDING'""").getSingleResult());
    }
}
