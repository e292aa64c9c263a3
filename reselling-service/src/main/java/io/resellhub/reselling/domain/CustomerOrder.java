package io.resellhub.reselling.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hibernate.annotations.ColumnTransformer;

import io.resellhub.commons.persistence.StringMapJson;
import io.resellhub.commons.problem.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import io.resellhub.reselling.repository.SellableTariffs;

/**
 * An order and its lifecycle. The entity owns the transitions: an action is accepted only in a state that
 * allows it and while no other action is pending, and a result moves the order only when it answers the
 * pending action.
 */
@Entity
@Table(name = "customer_order")
public class CustomerOrder extends PanacheEntityBase {

    public enum Status {
        PENDING, ACTIVE, SUSPENDED, CLOSED, FAILED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum ActionStatus {
        /** WAITING: a renewal held back while the module's balance is below its minimal balance. */
        PENDING, DONE, FAILED, WAITING;

        public String code() {
            return this == WAITING ? "waiting-for-balance" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final String ORDER = "order";
    public static final String RENEW = "renew";
    public static final String SUSPEND = "suspend";
    public static final String RESUME = "resume";
    public static final String CLOSE = "close";

    @Id
    public UUID id;

    @Column(name = "tariff_id")
    public UUID tariffId;

    @Column(name = "processing_module_id")
    public UUID processingModuleId;

    @Column(name = "upstream_tariff_id")
    public String upstreamTariffId;

    @Column(name = "product_type")
    public String productType;

    public int period;

    @Column(name = "customer_ref")
    public String customerRef;

    @Convert(converter = StringMapJson.class)
    @ColumnTransformer(write = "?::jsonb")
    public Map<String, String> params;

    @Convert(converter = StringMapJson.class)
    @ColumnTransformer(write = "?::jsonb")
    @Column(name = "upstream_params")
    public Map<String, String> upstreamParams;

    public BigDecimal amount;

    /** The modules the order may be served by, as offered to module-service; null for orders placed before. */
    @Convert(converter = ServingModule.ListJson.class)
    @ColumnTransformer(write = "?::jsonb")
    public List<ServingModule> candidates;

    /** The tariff's upstream cost of the period when ordered (the highest among its modules), or null. */
    @Column(name = "upstream_cost")
    public BigDecimal upstreamCost;

    public String currency;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "upstream_service_id")
    public String upstreamServiceId;

    @Column(name = "license_key")
    public String licenseKey;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "last_action")
    public String lastAction;

    @Column(name = "last_action_id")
    public UUID lastActionId;

    @Enumerated(EnumType.STRING)
    @Column(name = "last_action_status")
    public ActionStatus lastActionStatus;

    @Column(name = "last_action_error")
    public String lastActionError;

    @Version
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** A new order, pending, with its first action ("order") pending. */
    public static CustomerOrder place(SellableTariffs.SellableTariff tariff, int period, String customerRef,
            Map<String, String> params, Map<String, String> upstreamParams, Instant now) {
        CustomerOrder order = new CustomerOrder();
        order.id = UUID.randomUUID();
        order.tariffId = tariff.id();
        order.processingModuleId = tariff.processingModuleId();
        order.upstreamTariffId = tariff.upstreamTariffId();
        order.productType = tariff.productType();
        order.period = period;
        order.customerRef = customerRef;
        order.params = Map.copyOf(params);
        order.upstreamParams = Map.copyOf(upstreamParams);
        order.amount = tariff.prices().get(period).amount();
        order.candidates = tariff.modules().isEmpty() ? null : List.copyOf(tariff.modules());
        order.upstreamCost = tariff.upstreamCosts().get(period);
        order.currency = tariff.prices().get(period).currency().getCurrencyCode();
        order.status = Status.PENDING;
        order.lastAction = ORDER;
        order.lastActionId = UUID.randomUUID();
        order.lastActionStatus = ActionStatus.PENDING;
        order.createdAt = now;
        order.updatedAt = now;
        return order;
    }

    /** Starts a lifecycle action; 409 when the state does not allow it or another action is pending. */
    public UUID request(String action, Instant now) {
        if (lastActionStatus == ActionStatus.PENDING || lastActionStatus == ActionStatus.WAITING) {
            throw ProblemException.conflict("action-pending", "Order " + id + " is waiting for its " + lastAction
                    + " to be carried out upstream; try again when it is done");
        }
        boolean allowed;
        switch (action) {
            case RENEW:
            case CLOSE:
                allowed = status == Status.ACTIVE || status == Status.SUSPENDED;
                break;
            case SUSPEND:
                allowed = status == Status.ACTIVE;
                break;
            case RESUME:
                allowed = status == Status.SUSPENDED;
                break;
            default:
                throw new IllegalArgumentException("Unknown action " + action);
        }
        if (!allowed) {
            throw ProblemException.conflict("action-not-allowed", "Order " + id + " is " + status.code() + ": "
                    + action + " is allowed only on " + allowedOn(action) + " orders");
        }
        lastAction = action;
        lastActionId = UUID.randomUUID();
        lastActionStatus = ActionStatus.PENDING;
        lastActionError = null;
        updatedAt = now;
        return lastActionId;
    }

    private static String allowedOn(String action) {
        switch (action) {
            case SUSPEND:
                return "active";
            case RESUME:
                return "suspended";
            default:
                return "active or suspended";
        }
    }

    /** True when {@code actionId} is the action this order waits for (under way, or waiting for balance). */
    public boolean awaits(UUID actionId) {
        return (lastActionStatus == ActionStatus.PENDING || lastActionStatus == ActionStatus.WAITING)
                && lastActionId.equals(actionId);
    }

    /** True when the pending action is a renewal waiting for its module's balance. */
    public boolean renewalWaitsForBalance() {
        return RENEW.equals(lastAction) && lastActionStatus == ActionStatus.WAITING;
    }

    /** module-service holds the pending action back until its module's balance is enough again. */
    public void waiting(UUID actionId, String reason, Instant now) {
        requireAwaited(actionId);
        lastActionStatus = ActionStatus.WAITING;
        lastActionError = reason;
        updatedAt = now;
    }

    /** A forced renewal of one waiting for balance: under way again (the same action). */
    public void forced(Instant now) {
        lastActionStatus = ActionStatus.PENDING;
        lastActionError = null;
        updatedAt = now;
    }

    /** The pending action succeeded upstream. */
    public void succeeded(UUID actionId, UUID moduleId, String moduleTariffId, String serviceId, Instant expiresAt,
            String licenseKey, Instant now) {
        requireAwaited(actionId);
        switch (lastAction) {
            case ORDER:
                servedBy(moduleId, moduleTariffId);
                status = Status.ACTIVE;
                upstreamServiceId = serviceId;
                this.licenseKey = licenseKey;
                this.expiresAt = expiresAt;
                break;
            case RENEW:
                if (expiresAt != null) {
                    this.expiresAt = expiresAt;
                }
                break;
            case SUSPEND:
                status = Status.SUSPENDED;
                break;
            case RESUME:
                status = Status.ACTIVE;
                break;
            case CLOSE:
                status = Status.CLOSED;
                break;
            default:
                throw new IllegalStateException("Unknown action " + lastAction);
        }
        if (licenseKey != null && !ORDER.equals(lastAction)) {
            this.licenseKey = licenseKey;
        }
        lastActionStatus = ActionStatus.DONE;
        lastActionError = null;
        updatedAt = now;
    }

    /** The pending action failed: the order itself fails; a later action leaves the order as it was. */
    public void failed(UUID actionId, UUID moduleId, String reason, Instant now) {
        requireAwaited(actionId);
        if (ORDER.equals(lastAction)) {
            servedBy(moduleId, null);
            status = Status.FAILED;
            failureReason = reason;
        }
        lastActionStatus = ActionStatus.FAILED;
        lastActionError = reason;
        updatedAt = now;
    }

    /** The module (and plan) module-service ordered through; later actions go to it. Unknown (null): unchanged. */
    private void servedBy(UUID moduleId, String moduleTariffId) {
        if (moduleId != null && !moduleId.equals(processingModuleId)) {
            processingModuleId = moduleId;
            if (moduleTariffId != null) {
                upstreamTariffId = moduleTariffId;
            }
        }
    }

    private void requireAwaited(UUID actionId) {
        if (!awaits(actionId)) {
            throw new IllegalStateException("Order " + id + " does not wait for action " + actionId);
        }
    }
}
