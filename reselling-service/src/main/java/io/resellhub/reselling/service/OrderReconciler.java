package io.resellhub.reselling.service;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.resellhub.commons.scheduling.ScheduledRuns;
import jakarta.enterprise.context.ApplicationScoped;
import io.resellhub.reselling.config.OrderConfig;

/**
 * Finds orders whose pending action has waited longer than {@code reconcile-after} with no result, and asks
 * module-service for it again (see {@link OrderService#redriveStuck}). One replica per interval.
 */
@ApplicationScoped
public class OrderReconciler {

    private final OrderService orders;
    private final ScheduledRuns runs;
    private final OrderConfig config;

    public OrderReconciler(OrderService orders, ScheduledRuns runs, OrderConfig config) {
        this.orders = orders;
        this.runs = runs;
        this.config = config;
    }

    @Scheduled(every = "${reselling-service.orders.reconcile-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void reconcile() {
        if (!runs.tryStart("order-reconcile", config.reconcileInterval())) {
            return;
        }
        int redriven = QuarkusTransaction.requiringNew()
                .call(() -> orders.redriveStuck(config.reconcileAfter(), config.reconcileBatch()));
        if (redriven > 0) {
            Log.infof("Order reconciliation: %d order(s) asked for again", redriven);
        }
    }
}
