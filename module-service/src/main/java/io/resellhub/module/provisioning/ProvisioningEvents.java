package io.resellhub.module.provisioning;

import java.util.UUID;

/** The provisioning topic's event types and the result data (version 1) module-service emits. */
public final class ProvisioningEvents {

    public static final String TOPIC = "provisioning";
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
