package io.resellhub.module.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.StartupEvent;
import io.resellhub.commons.metrics.DatabaseGauges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

/**
 * module-service's gauges read from its tables (see {@link DatabaseGauges}): provisioning actions still open by
 * state ({@code resellhub.provisioning.actions}; finished ones are not counted, they only grow) and the modules
 * whose last balance reading is below their minimum ({@code resellhub.modules.below.minimum.balance}, what
 * {@link BalanceWatch} alerts on). Both queries use partial indexes or small tables.
 */
@ApplicationScoped
public class ModuleServiceMetrics {

    /** The open states of a provisioning action, as stored. */
    static final List<String> OPEN_STATES = List.of("RUNNING", "PENDING", "ACTIVATING");

    private final EntityManager entityManager;
    private final DatabaseGauges gauges;

    public ModuleServiceMetrics(EntityManager entityManager, DatabaseGauges gauges) {
        this.entityManager = entityManager;
        this.gauges = gauges;
    }

    void onStart(@Observes StartupEvent event) {
        gauges.register("resellhub.provisioning.actions", "Provisioning actions not finished yet, by state", "state",
                OPEN_STATES, this::openActionsByState);
        gauges.register("resellhub.modules.below.minimum.balance",
                "Processing modules whose last upstream balance reading is below their minimal balance", null,
                () -> ((Number) entityManager.createNativeQuery("""
                        SELECT count(*) FROM module_balance b JOIN processing_module m ON m.id = b.module_id
                        WHERE b.below_minimum AND m.deleted_at IS NULL""").getSingleResult()).longValue());
    }

    private Map<String, Long> openActionsByState() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                SELECT status, count(*) FROM provisioning_action
                WHERE status IN ('RUNNING', 'PENDING', 'ACTIVATING') GROUP BY status""").getResultList();
        Map<String, Long> counts = new HashMap<>();
        for (Object[] row : rows) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }
}
