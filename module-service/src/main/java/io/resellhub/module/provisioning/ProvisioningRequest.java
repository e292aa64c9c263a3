package io.resellhub.module.provisioning;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Data (version 1) of {@code provisioning.requested}, as reselling-service sends it. Added compatibly:
 * {@code candidates} (an order: every module that may serve it; null: {@code processingModuleId} alone),
 * {@code upstreamCost} (an order: what the period costs upstream, for the balance check) and {@code force} (a
 * renewal sent even when the module's balance is below its minimal balance).
 */
public record ProvisioningRequest(UUID orderId, String action, UUID actionId, UUID tariffId, UUID processingModuleId,
        String upstreamTariffId, String productType, Integer period, Map<String, String> params,
        String upstreamServiceId, Instant expiresAt, List<Candidate> candidates, String upstreamCost, Boolean force) {

    /** One module that may serve an order, with its upstream plan. */
    public record Candidate(UUID processingModuleId, String upstreamTariffId) {
    }

    public static final Set<String> ACTIONS = Set.of("order", "renew", "suspend", "resume", "close");

    /** What makes the request unusable, or null when it is complete. */
    public String problem() {
        if (orderId == null || actionId == null || action == null || processingModuleId == null
                || productType == null) {
            return "lacks orderId, actionId, action, processingModuleId or productType";
        }
        if (!ACTIONS.contains(action)) {
            return "has unknown action '" + action + "'";
        }
        if (action.equals("order") && (upstreamTariffId == null || period == null)) {
            return "orders without upstreamTariffId or period";
        }
        if (!action.equals("order") && upstreamServiceId == null) {
            return action + "s without upstreamServiceId";
        }
        if (action.equals("renew") && period == null) {
            return "renews without period";
        }
        if (candidates != null && candidates.stream().anyMatch(c -> c == null || c.processingModuleId() == null
                || c.upstreamTariffId() == null || c.upstreamTariffId().isBlank())) {
            return "names a candidate module without processingModuleId or upstreamTariffId";
        }
        if (upstreamCost != null) {
            try {
                if (new BigDecimal(upstreamCost).signum() < 0) {
                    return "has a negative upstreamCost";
                }
            } catch (NumberFormatException e) {
                return "has an unreadable upstreamCost '" + upstreamCost + "'";
            }
        }
        return null;
    }
}
