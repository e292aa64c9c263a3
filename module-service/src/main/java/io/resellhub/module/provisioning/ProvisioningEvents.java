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

    private ProvisioningEvents() {
    }

    /** {@code expiresAt} is the upstream's date, {@code yyyy-MM-dd}, or null. */
    public record Succeeded(UUID orderId, String action, UUID actionId, UUID processingModuleId,
            String upstreamServiceId, Integer serviceStatus, String expiresAt, String licenseKey) {
    }

    /** {@code kind} is an {@code UpstreamFailureKind} name, or MODULE_UNKNOWN, CREDENTIALS, ACTIVATION_TIMEOUT, UNEXPECTED. */
    public record Failed(UUID orderId, String action, UUID actionId, String reason, String kind) {
    }
}
