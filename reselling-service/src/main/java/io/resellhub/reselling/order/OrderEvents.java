package io.resellhub.reselling.order;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The provisioning topic's event types and their data (version 1). */
public final class OrderEvents {

    public static final String TOPIC = "provisioning";
    public static final String REQUESTED = "provisioning.requested";
    public static final String SUCCEEDED = "provisioning.succeeded";
    public static final String FAILED = "provisioning.failed";

    private OrderEvents() {
    }

    /** Sent by this service: one action to carry out upstream. */
    public record Requested(UUID orderId, String action, UUID actionId, UUID tariffId, UUID processingModuleId,
            String upstreamTariffId, String productType, int period, Map<String, String> params,
            String upstreamServiceId, Instant expiresAt) {
    }

    /** What module-service answers (succeeded and failed share one reader; absent fields are null). */
    public record Result(UUID orderId, String action, UUID actionId, UUID processingModuleId, String upstreamServiceId,
            Integer serviceStatus, String expiresAt, String licenseKey, String reason, String kind) {
    }
}
