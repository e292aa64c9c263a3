package io.resellhub.reselling.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.resellhub.reselling.domain.CustomerOrder;
import io.resellhub.reselling.domain.ServingModule;

/**
 * The provisioning saga's topics and event types and their data (version 1): this service sends requests on
 * {@link #REQUESTS_TOPIC} and reads module-service's results on {@link #RESULTS_TOPIC}. And the orders topic's:
 * what other services (billing, notifications) may follow of an order's life.
 */
public final class OrderEvents {

    /** Keyed by order id, like the results. */
    public static final String REQUESTS_TOPIC = "provisioning-requests";
    public static final String RESULTS_TOPIC = "provisioning-results";
    public static final String REQUESTED = "provisioning.requested";
    public static final String SUCCEEDED = "provisioning.succeeded";
    public static final String FAILED = "provisioning.failed";
    /** A renewal held back while its module's balance is below the minimal balance (not final). */
    public static final String WAITING = "provisioning.waiting";

    /** Keyed by order id. */
    public static final String ORDERS_TOPIC = "orders";
    public static final String ORDER_ACTIVATED = "order.activated";
    public static final String ORDER_FAILED = "order.failed";
    public static final String ORDER_CLOSED = "order.closed";

    private OrderEvents() {
    }

    /**
     * Sent by this service: one action to carry out upstream. Added compatibly: {@code candidates} (an order: the
     * modules that may serve it), {@code upstreamCost} (an order: the period's cost, for the balance check) and
     * {@code force} (a renewal sent even when the module's balance is below its minimal balance).
     */
    public record Requested(UUID orderId, String action, UUID actionId, UUID tariffId, UUID processingModuleId,
            String upstreamTariffId, String productType, int period, Map<String, String> params,
            String upstreamServiceId, Instant expiresAt, List<ServingModule> candidates, String upstreamCost,
            Boolean force) {
    }

    /**
     * Data of {@code order.activated|failed|closed}: the order as it is after the change; {@code version} is
     * the order's, so a consumer can ignore an older one.
     */
    public record OrderChanged(UUID orderId, long version, String status, UUID tariffId, String productType,
            int period, String customerRef, String amount, String currency, UUID processingModuleId,
            String upstreamServiceId, Instant expiresAt, String failureReason) {

        public static OrderChanged of(CustomerOrder order) {
            return new OrderChanged(order.id, order.version, order.status.code(), order.tariffId, order.productType,
                    order.period, order.customerRef, order.amount.toPlainString(), order.currency,
                    order.processingModuleId, order.upstreamServiceId, order.expiresAt, order.failureReason);
        }
    }

    /** A result and what it says: succeeded, failed, or waiting (for the module's balance). */
    public record Answer(Result result, Outcome outcome) {

        public boolean succeeded() {
            return outcome == Outcome.SUCCEEDED;
        }
    }

    public enum Outcome {
        SUCCEEDED, FAILED, WAITING
    }

    /**
     * What module-service answers (succeeded, failed and waiting share one reader; absent fields are null);
     * {@code processingModuleId} and {@code upstreamTariffId} name the module (and plan) that served the action.
     */
    public record Result(UUID orderId, String action, UUID actionId, UUID processingModuleId, String upstreamServiceId,
            Integer serviceStatus, String expiresAt, String licenseKey, String reason, String kind,
            String upstreamTariffId) {
    }
}
