package io.resellhub.module.provisioning;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Data (version 1) of {@code provisioning.requested}, as reselling-service sends it. */
public record ProvisioningRequest(UUID orderId, String action, UUID actionId, UUID tariffId, UUID processingModuleId,
        String upstreamTariffId, String productType, Integer period, Map<String, String> params,
        String upstreamServiceId, Instant expiresAt) {

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
        return null;
    }
}
