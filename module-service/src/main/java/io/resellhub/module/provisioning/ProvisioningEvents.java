package io.resellhub.module.provisioning;

import java.util.UUID;

/**
 * The provisioning saga's topics and event types, and the result data (version 1) module-service emits:
 * requests come from reselling-service on {@link #REQUESTS_TOPIC}, results go back on {@link #RESULTS_TOPIC}.
 */
public final class ProvisioningEvents {

    public static final String REQUESTS_TOPIC = "provisioning-requests";
    public static final String RESULTS_TOPIC = "provisioning-results";
    public static final String REQUESTED = "provisioning.requested";
    public static final String SUCCEEDED = "provisioning.succeeded";
    public static final String FAILED = "provisioning.failed";
    /** A renewal held back while its module's balance is below the minimal balance; not final. */
    public static final String WAITING = "provisioning.waiting";

    private ProvisioningEvents() {
    }

    /**
     * {@code expiresAt} is the upstream's date, {@code yyyy-MM-dd}, or null; {@code processingModuleId} and
     * {@code upstreamTariffId} (added compatibly) name the module and plan that served the action.
     */
    public record Succeeded(UUID orderId, String action, UUID actionId, UUID processingModuleId,
            String upstreamServiceId, Integer serviceStatus, String expiresAt, String licenseKey,
            String upstreamTariffId) {
    }

    /**
     * {@code kind} is an {@code UpstreamFailureKind} name, or MODULE_UNKNOWN, CREDENTIALS, ACTIVATION_TIMEOUT,
     * UNEXPECTED, NO_MODULE_AVAILABLE; {@code processingModuleId} (added compatibly): the module last tried.
     */
    public record Failed(UUID orderId, String action, UUID actionId, String reason, String kind,
            UUID processingModuleId) {
    }

    /** A renewal waiting for the balance of {@code processingModuleId}; {@code reason} says how much is missing. */
    public record Waiting(UUID orderId, String action, UUID actionId, UUID processingModuleId, String reason) {
    }
}
