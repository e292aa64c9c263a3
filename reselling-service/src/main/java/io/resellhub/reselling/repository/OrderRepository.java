package io.resellhub.reselling.repository;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hibernate.Session;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import io.resellhub.reselling.domain.CustomerOrder;

@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<CustomerOrder, UUID> {

    /** One lifecycle action of an order, as {@code order_action} records it. */
    public record OrderAction(UUID actionId, String action, String status, String error, Instant requestedAt,
            Instant finishedAt) {
    }

    /**
     * Records the order's pending action in its history (the order's row is flushed first: it is referenced), as one
     * prepared statement: every order runs it, and Hibernate's native query around it took twice the statement's own
     * time in a profile.
     */
    public void recordPendingAction(CustomerOrder order) {
        flush();
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO order_action (action_id, order_id, action, status, requested_at) VALUES (?, ?, ?, ?, ?)""")) {
                insert.setObject(1, order.lastActionId);
                insert.setObject(2, order.id);
                insert.setString(3, order.lastAction);
                insert.setString(4, CustomerOrder.ActionStatus.PENDING.name());
                insert.setTimestamp(5, Timestamp.from(order.updatedAt));
                insert.executeUpdate();
            }
        });
    }

    /** Records how the actions ended, {@code actionIds[i]} being the last action of {@code orders[i]}, in one statement. */
    public void finishActions(List<UUID> actionIds, List<CustomerOrder> orders, Instant now) {
        getEntityManager().createNativeQuery("""
                UPDATE order_action a SET status = r.status, error = r.error,
                       finished_at = CASE WHEN r.status = 'WAITING' THEN NULL ELSE CAST(?1 AS timestamptz) END
                FROM unnest(?2, ?3, ?4) AS r(action_id, status, error) WHERE a.action_id = r.action_id""")
                .setParameter(1, now).setParameter(2, actionIds.toArray(new UUID[0]))
                .setParameter(3, orders.stream().map(o -> o.lastActionStatus.name()).toArray(String[]::new))
                .setParameter(4, orders.stream().map(o -> o.lastActionError).toArray(String[]::new))
                .executeUpdate();
    }

    /**
     * Up to {@code limit} orders whose pending action has waited since before {@code before} and was not asked for
     * again since then, oldest first, locked (skipping those another replica holds).
     */
    @SuppressWarnings("unchecked")
    public List<UUID> lockStuck(Instant before, int limit) {
        // No result class: given a basic one, Hibernate caches a new plan for every execution of a native query.
        return getEntityManager().createNativeQuery("""
                SELECT id FROM customer_order
                WHERE last_action_status = 'PENDING' AND updated_at < ?1 AND (redriven_at IS NULL OR redriven_at < ?1)
                ORDER BY updated_at LIMIT ?2 FOR UPDATE SKIP LOCKED""")
                .setParameter(1, before).setParameter(2, limit).getResultList();
    }

    public void markRedriven(List<UUID> ids, Instant now) {
        if (!ids.isEmpty()) {
            getEntityManager().createNativeQuery("UPDATE customer_order SET redriven_at = ?1 WHERE id = ANY(?2)")
                    .setParameter(1, now).setParameter(2, ids.toArray(new UUID[0])).executeUpdate();
        }
    }

    /** The order's actions, oldest first. */
    @SuppressWarnings("unchecked")
    public List<OrderAction> actions(UUID orderId) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                SELECT action_id, action, status, error, requested_at, finished_at FROM order_action
                WHERE order_id = ?1 ORDER BY requested_at, action_id""").setParameter(1, orderId).getResultList();
        List<OrderAction> actions = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            actions.add(new OrderAction(UUID.fromString(row[0].toString()), (String) row[1], (String) row[2], (String) row[3],
                    instant(row[4]), instant(row[5])));
        }
        return actions;
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof java.time.OffsetDateTime) {
            return ((java.time.OffsetDateTime) value).toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    /** Orders newest first, optionally of one status and/or one customer. */
    public PanacheQuery<CustomerOrder> search(CustomerOrder.Status status, String customerRef, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        if (customerRef != null && !customerRef.isBlank()) {
            where.add("customerRef = :customerRef");
            params.put("customerRef", customerRef);
        }
        Sort sort = Sort.descending("createdAt", "id");
        PanacheQuery<CustomerOrder> query = where.isEmpty() ? findAll(sort)
                : find(String.join(" and ", where), sort, params);
        return query.page(Page.of(page, size));
    }
}
