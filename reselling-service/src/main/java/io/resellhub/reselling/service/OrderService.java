package io.resellhub.reselling.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.logging.Log;
import io.resellhub.commons.api.OrderDtos;
import io.resellhub.commons.outbox.Outbox;
import io.resellhub.commons.paging.Page;
import io.resellhub.commons.problem.Problem;
import io.resellhub.commons.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import io.resellhub.reselling.repository.SellableTariffs;
import io.resellhub.reselling.repository.OrderRepository;
import io.resellhub.reselling.messaging.OrderEvents;
import io.resellhub.reselling.domain.CustomerOrder;

/** Places orders, starts their lifecycle actions and applies module-service's results. */
@ApplicationScoped
@Transactional
public class OrderService {

    /** Required order parameters per product type. */
    static final Map<String, String> REQUIRED_PARAM = Map.of(
            "ssl-certificate", "domain",
            "ispsystem-license", "ip",
            "ispsystem-module", "parentOrderId");

    private final OrderRepository orders;
    private final SellableTariffs tariffs;
    private final Outbox outbox;
    private final Clock clock;

    public OrderService(OrderRepository orders, SellableTariffs tariffs, Outbox outbox, Clock clock) {
        this.orders = orders;
        this.tariffs = tariffs;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Records a pending order and asks for it upstream. Every fault of the body is a 422 naming its field
     * (unknown tariff, unsold period, missing parameter, unusable parent order); only then does a tariff
     * that is not enabled give 409.
     */
    public CustomerOrder place(UUID tariffId, int period, String customerRef, Map<String, String> params) {
        Map<String, String> given = params == null ? Map.of() : params;
        SellableTariffs.SellableTariff tariff = tariffs.find(tariffId).orElseThrow(() -> ProblemException.invalid(
                "tariffId", "Tariff " + tariffId + " does not exist"));
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!tariff.prices().containsKey(period)) {
            errors.add(new Problem.FieldError("period", "Tariff " + tariffId + " does not sell period " + period
                    + "; it sells " + tariff.prices().keySet()));
        }
        Map<String, String> upstreamParams = new LinkedHashMap<>(given);
        String required = REQUIRED_PARAM.get(tariff.productType());
        if (required != null) {
            String value = given.get(required);
            if (value == null || value.isBlank()) {
                errors.add(new Problem.FieldError("params." + required, required + " is required to order "
                        + tariff.productType()));
            } else if (required.equals("parentOrderId")) {
                upstreamParams.remove("parentOrderId");
                String parent = parentServiceId(value, errors);
                if (parent != null) {
                    upstreamParams.put("parent", parent);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        if (!tariff.enabled()) {
            throw ProblemException.conflict("tariff-not-enabled", "Tariff " + tariffId
                    + " is not enabled for sale; enable it first");
        }
        CustomerOrder order = CustomerOrder.place(tariff, period, customerRef, given, upstreamParams,
                Instant.now(clock));
        orders.persist(order);
        requestUpstream(order);
        Log.infof("Order %s placed: tariff %s, period %d, customer %s", order.id, tariffId, period, customerRef);
        return order;
    }

    private String parentServiceId(String parentOrderId, List<Problem.FieldError> errors) {
        UUID parentId;
        try {
            parentId = UUID.fromString(parentOrderId);
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("params.parentOrderId", "not an order id"));
            return null;
        }
        CustomerOrder parent = orders.findById(parentId);
        if (parent == null) {
            errors.add(new Problem.FieldError("params.parentOrderId", "Order " + parentId + " does not exist"));
        } else if (!"ispsystem-license".equals(parent.productType) || parent.status != CustomerOrder.Status.ACTIVE) {
            errors.add(new Problem.FieldError("params.parentOrderId", "Order " + parentId
                    + " must be an active ispsystem-license order; it is a " + parent.status.code() + " "
                    + parent.productType + " order"));
        } else {
            return parent.upstreamServiceId;
        }
        return null;
    }

    /** Starts renew, suspend, resume or close: 404 for an unknown order, 409 when not allowed now. */
    public CustomerOrder act(UUID orderId, String action) {
        return act(orderId, action, false);
    }

    /**
     * Starts renew, suspend, resume or close: 404 for an unknown order, 409 when not allowed now. A forced renewal
     * ({@code force}) is sent upstream even when the module's balance is below its minimal balance; on a renewal
     * already waiting for balance it sends that same renewal now.
     */
    public CustomerOrder act(UUID orderId, String action, boolean force) {
        CustomerOrder order = get(orderId);
        Instant now = Instant.now(clock);
        if (force && CustomerOrder.RENEW.equals(action) && order.renewalWaitsForBalance()) {
            order.forced(now);
            publishRequest(order, true);
            Log.infof("Order %s: renewal %s waiting for balance forced", order.id, order.lastActionId);
            return order;
        }
        order.request(action, now);
        publishRequest(order, force && CustomerOrder.RENEW.equals(action));
        orders.recordPendingAction(order);
        Log.infof("Order %s: %s requested (action %s%s)", order.id, action, order.lastActionId, force ? ", forced" : "");
        return order;
    }

    private void requestUpstream(CustomerOrder order) {
        publishRequest(order, false);
        orders.recordPendingAction(order);
    }

    /** The pending action's {@code provisioning.requested}; the same action id when asked again. */
    private void publishRequest(CustomerOrder order, boolean force) {
        boolean first = CustomerOrder.ORDER.equals(order.lastAction);
        outbox.publish(OrderEvents.REQUESTS_TOPIC, OrderEvents.REQUESTED, order.id.toString(), new OrderEvents.Requested(
                order.id, order.lastAction, order.lastActionId, order.tariffId, order.processingModuleId,
                order.upstreamTariffId, order.productType, order.period,
                first ? order.upstreamParams : Map.of(), first ? null : order.upstreamServiceId,
                first ? null : order.expiresAt, first ? order.candidates : null,
                first && order.upstreamCost != null ? order.upstreamCost.toPlainString() : null, force ? true : null));
    }

    /**
     * Asks module-service again for the actions of orders that have waited longer than {@code olderThan}
     * (and were not asked again within it): the request or its result may have been lost in a fault.
     * module-service runs an action it never recorded, leaves one under way alone, and publishes the result
     * of a finished one again; results this service already applied change nothing. Returns how many.
     */
    public int redriveStuck(Duration olderThan, int limit) {
        Instant now = Instant.now(clock);
        List<UUID> ids = orders.lockStuck(now.minus(olderThan), limit);
        for (UUID id : ids) {
            CustomerOrder order = orders.findById(id);
            publishRequest(order, false);
            Log.warnf("Order %s: its %s (action %s) has waited since %s; asked module-service again", order.id,
                    order.lastAction, order.lastActionId, order.updatedAt);
        }
        orders.markRedriven(ids, now);
        return ids.size();
    }

    /**
     * Applies module-service's answers, a batch in the caller's transaction; a result for an action its order no
     * longer waits for changes nothing. The orders are read in one query and flushed once; the actions' history
     * is updated in one statement (a native statement per result would flush the whole batch each time).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyAll(List<OrderEvents.Answer> answers) {
        if (answers.isEmpty()) {
            return;
        }
        List<UUID> ids = answers.stream().map(a -> a.result().orderId()).distinct().toList();
        Map<UUID, CustomerOrder> byId = new java.util.HashMap<>();
        orders.list("id in ?1", ids).forEach(order -> byId.put(order.id, order));
        Instant now = Instant.now(clock);
        List<CustomerOrder> moved = new ArrayList<>();
        List<CustomerOrder.Status> before = new ArrayList<>();
        List<UUID> actionIds = new ArrayList<>();
        for (OrderEvents.Answer answer : answers) {
            OrderEvents.Result result = answer.result();
            CustomerOrder order = byId.get(result.orderId());
            if (order == null) {
                Log.warnf("Provisioning result for unknown order %s (action %s) ignored", result.orderId(),
                        result.actionId());
            } else if (!order.awaits(result.actionId())) {
                Log.infof("Order %s: result for action %s ignored; the order waits for %s (%s)", order.id,
                        result.actionId(), order.lastActionId, order.lastActionStatus);
            } else {
                before.add(order.status);
                apply(order, answer, now);
                moved.add(order);
                actionIds.add(result.actionId());
            }
        }
        if (moved.isEmpty()) {
            return;
        }
        orders.flush(); // the versions the events carry are the ones committed
        orders.finishActions(actionIds, moved, now);
        List<Outbox.Pending> changes = new ArrayList<>();
        for (int i = 0; i < moved.size(); i++) {
            changeEvent(moved.get(i), before.get(i)).ifPresent(changes::add);
        }
        if (!changes.isEmpty()) {
            outbox.publishAll(OrderEvents.ORDERS_TOPIC, changes);
        }
    }

    private static void apply(CustomerOrder order, OrderEvents.Answer answer, Instant now) {
        OrderEvents.Result result = answer.result();
        if (answer.outcome() == OrderEvents.Outcome.WAITING) {
            order.waiting(result.actionId(), result.reason() == null ? "waiting for the module's balance"
                    : result.reason(), now);
            Log.infof("Order %s: %s waits for the balance of module %s: %s", order.id, order.lastAction,
                    order.processingModuleId, order.lastActionError);
        } else if (answer.succeeded()) {
            order.succeeded(result.actionId(), result.processingModuleId(), result.upstreamTariffId(),
                    result.upstreamServiceId(), upstreamDate(result.expiresAt()), result.licenseKey(), now);
            Log.infof("Order %s: %s done, now %s (upstream service %s, expires %s)", order.id, order.lastAction,
                    order.status.code(), order.upstreamServiceId, order.expiresAt);
        } else {
            String reason = result.reason() == null ? "failed upstream" : result.reason();
            order.failed(result.actionId(), result.processingModuleId(), reason, now);
            Log.infof("Order %s: %s failed (%s), order is %s", order.id, order.lastAction, reason, order.status.code());
        }
    }

    /** {@code order.activated|failed|closed} when the order reached one of those states now. */
    private static java.util.Optional<Outbox.Pending> changeEvent(CustomerOrder order, CustomerOrder.Status before) {
        String type;
        if (order.status == before) {
            return java.util.Optional.empty();
        } else if (order.status == CustomerOrder.Status.ACTIVE && before == CustomerOrder.Status.PENDING) {
            type = OrderEvents.ORDER_ACTIVATED;
        } else if (order.status == CustomerOrder.Status.FAILED) {
            type = OrderEvents.ORDER_FAILED;
        } else if (order.status == CustomerOrder.Status.CLOSED) {
            type = OrderEvents.ORDER_CLOSED;
        } else {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Outbox.Pending(type, order.id.toString(), OrderEvents.OrderChanged.of(order)));
    }

    /** The upstream's expiry date at 00:00 UTC; an unreadable one makes the result unreadable. */
    public static Instant upstreamDate(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new io.resellhub.commons.events.PoisonEventException("Unreadable expiresAt '" + date + "'", e);
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public CustomerOrder get(UUID id) {
        return orders.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Order", id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<CustomerOrder> list(CustomerOrder.Status status, String customerRef, int page, int size) {
        PanacheQuery<CustomerOrder> query = orders.search(status, customerRef, page, size);
        return new Page<>(query.list(), page, size, query.count());
    }

    /** The order's actions, oldest first: {action, status, error, requestedAt, finishedAt}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OrderDtos.ActionDto> history(UUID orderId) {
        get(orderId);
        return orders.actions(orderId).stream().map(a -> new OrderDtos.ActionDto(a.actionId().toString(), a.action(),
                a.status().toLowerCase(java.util.Locale.ROOT), a.error(), a.requestedAt(), a.finishedAt())).toList();
    }
}
