package io.resellhub.reselling.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.hibernate.Session;

import io.resellhub.reselling.messaging.TariffResellingEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The storefront catalog's table, {@code catalog_entry}: one row per tariff that was ever on sale, with its
 * selling prices only, {@code on_sale} and the catalog version of its last change. This is the one place that
 * says what is <b>sellable</b>: enabled, orderable upstream and not removed there, of a module not deleted, and
 * not below its upstream cost unless enabled or repriced with allowBelowCost; and why a tariff may not be sold
 * (the reason a tariff event takes it off sale with). The catalog and orders both read {@code on_sale}.
 */
@ApplicationScoped
public class CatalogRepository {

    /** Fired in a transaction that changed catalog rows; observed after its commit. */
    public record CatalogChanged() {
    }

    /** One catalog row as it is now; {@code pricesJson} is {@code [{"period","amount","currency"}]} by period. */
    public record CatalogRow(UUID id, String productType, String name, String provider, String pricesJson,
            boolean onSale, long version) {
    }

    /**
     * Why a tariff may not be sold whatever the reseller decided, or NULL: removed or not orderable upstream, its
     * module deleted, below its upstream cost without an allowance (first that applies, in that order). Over
     * {@code tariff_view v}, {@code LEFT JOIN tariff_reselling_state s}, {@code LEFT JOIN module_view m}.
     */
    private static final String OFF_SALE_REASON = """
            CASE WHEN v.upstream_removed THEN '%s'
                 WHEN NOT v.upstream_available THEN '%s'
                 WHEN coalesce(m.deleted, false) THEN '%s'
                 WHEN v.below_cost AND NOT (v.allow_below_cost OR coalesce(s.allow_below_cost, false)) THEN '%s'
            END""".formatted(TariffResellingEvents.UPSTREAM_REMOVED, TariffResellingEvents.UPSTREAM_UNAVAILABLE,
            TariffResellingEvents.MODULE_DELETED, TariffResellingEvents.BELOW_COST);

    /** Sellable: enabled by the reseller, and no reason keeps it off sale. */
    private static final String SELLABLE = "coalesce(s.enabled, false) AND (" + OFF_SALE_REASON + ") IS NULL";

    private final EntityManager entityManager;
    private final DataSource dataSource;
    private final Event<CatalogChanged> changed;

    public CatalogRepository(EntityManager entityManager, DataSource dataSource, Event<CatalogChanged> changed) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
        this.changed = changed;
    }

    /**
     * Brings the catalog rows of {@code ids} in line with the read model and the reselling state, stamped with
     * the next catalog version (taken under the version row's lock, held to the commit, so versions follow
     * commit order).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refresh(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    WITH next AS (UPDATE catalog_version SET version = version + 1 RETURNING version)
                    INSERT INTO catalog_entry (tariff_id, product_type, name, provider, prices, on_sale, version)
                    SELECT v.id, v.product_type, v.name, v.provider,
                           (SELECT coalesce(jsonb_agg(jsonb_build_object('period', p -> 'period', 'amount', p -> 'amount',
                                   'currency', p -> 'currency') ORDER BY (p ->> 'period')::int), '[]'::jsonb)
                            FROM jsonb_array_elements(v.prices) AS p),
                           """ + SELLABLE + """
                           , next.version
                    FROM tariff_view v
                    CROSS JOIN next
                    LEFT JOIN tariff_reselling_state s ON s.tariff_id = v.id
                    LEFT JOIN module_view m ON m.id = v.processing_module_id
                    WHERE v.id = ANY(?)
                    ON CONFLICT (tariff_id) DO UPDATE SET product_type = EXCLUDED.product_type, name = EXCLUDED.name,
                        provider = EXCLUDED.provider, prices = EXCLUDED.prices, on_sale = EXCLUDED.on_sale,
                        version = EXCLUDED.version""")) {
                upsert.setArray(1, connection.createArrayOf("uuid", ids.toArray(new UUID[0])));
                upsert.executeUpdate();
            }
        });
        changed.fire(new CatalogChanged());
    }

    /**
     * Why each of {@code ids} may not be sold whatever the reseller decided (see {@link #OFF_SALE_REASON}), as the
     * read model now says; a tariff with no such reason is left out.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, String> offSaleReasons(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Map<UUID, String> reasons = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT v.id, " + OFF_SALE_REASON + """

                    FROM tariff_view v
                    LEFT JOIN tariff_reselling_state s ON s.tariff_id = v.id
                    LEFT JOIN module_view m ON m.id = v.processing_module_id
                    WHERE v.id = ANY(?) AND (""" + OFF_SALE_REASON + ") IS NOT NULL")) {
                select.setArray(1, connection.createArrayOf("uuid", ids.toArray(new UUID[0])));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        reasons.put(rs.getObject(1, UUID.class), rs.getString(2));
                    }
                }
            }
            return reasons;
        });
    }

    /** The catalog's current version (outside any transaction: the in-memory catalog asks it often). */
    public long version() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT version FROM catalog_version");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the catalog version", e);
        }
    }

    /**
     * The rows changed after version {@code after} up to {@code upTo}, on sale or not: every row stamped with a
     * version up to a committed one is committed too. {@code after} -1 reads every row on sale.
     */
    public List<CatalogRow> changedBetween(long after, long upTo) {
        String sql = "SELECT tariff_id, product_type, name, provider, prices::text, on_sale, version FROM catalog_entry"
                + (after < 0 ? " WHERE on_sale AND version <= ?" : " WHERE version > ? AND version <= ?");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            if (after < 0) {
                select.setLong(1, upTo);
            } else {
                select.setLong(1, after);
                select.setLong(2, upTo);
            }
            select.setFetchSize(5_000);
            List<CatalogRow> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new CatalogRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getLong(7)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the catalog", e);
        }
    }
}
