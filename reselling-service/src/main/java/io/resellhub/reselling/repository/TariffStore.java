package io.resellhub.reselling.repository;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.hibernate.Session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * SQL over {@code tariff_view} and {@code tariff_reselling_state}, on the caller's
 * transaction (the connection Hibernate holds for it). Bulk statements take arrays of ids, so enabling
 * 1,000 tariffs is a handful of statements, not thousands.
 */
@ApplicationScoped
public class TariffStore {

    private final EntityManager entityManager;

    public TariffStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A tariff as the read model knows it, with its module's deletion and its reselling state. */
    public record TariffFacts(UUID id, UUID processingModuleId, String productType, boolean upstreamAvailable,
            boolean upstreamRemoved, boolean belowCost, boolean moduleDeleted, boolean enabled, long version) {
    }

    /** The projected row, as written from a {@code tariffs} event. */
    public record ProjectedTariff(UUID id, UUID processingModuleId, String upstreamTariffId, String productType,
            String name, String provider, String pricesJson, boolean upstreamAvailable, boolean upstreamRemoved,
            boolean belowCost, long version, boolean allowBelowCost, String modulesJson) {
    }

    /**
     * Writes each tariff unless the stored version is newer, in one statement (arrays, one per column);
     * returns those written. Each id at most once: one statement cannot update a row twice.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ProjectedTariff> upsertAll(Collection<ProjectedTariff> tariffs, Instant now) {
        if (tariffs.isEmpty()) {
            return List.of();
        }
        Map<UUID, ProjectedTariff> byId = new LinkedHashMap<>();
        tariffs.forEach(t -> byId.put(t.id(), t));
        return work(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO tariff_view (id, processing_module_id, upstream_tariff_id, product_type, name, provider,
                        prices, upstream_available, upstream_removed, below_cost, version, updated_at, allow_below_cost,
                        modules)
                    SELECT t.id, t.module_id, t.upstream_id, t.product_type, t.name, t.provider, t.prices::jsonb,
                           t.available, t.removed, t.below_cost, t.version, ?, t.allow_below_cost, t.modules::jsonb
                    FROM unnest(?::uuid[], ?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[],
                                ?::boolean[], ?::boolean[], ?::boolean[], ?::bigint[], ?::boolean[], ?::text[])
                         AS t(id, module_id, upstream_id, product_type, name, provider, prices, available, removed,
                              below_cost, version, allow_below_cost, modules)
                    ON CONFLICT (id) DO UPDATE SET processing_module_id = EXCLUDED.processing_module_id,
                        upstream_tariff_id = EXCLUDED.upstream_tariff_id, product_type = EXCLUDED.product_type,
                        name = EXCLUDED.name, provider = EXCLUDED.provider, prices = EXCLUDED.prices,
                        upstream_available = EXCLUDED.upstream_available, upstream_removed = EXCLUDED.upstream_removed,
                        below_cost = EXCLUDED.below_cost, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
                        allow_below_cost = EXCLUDED.allow_below_cost, modules = EXCLUDED.modules
                    WHERE tariff_view.version <= EXCLUDED.version
                    RETURNING id""")) {
                List<ProjectedTariff> all = List.copyOf(byId.values());
                upsert.setTimestamp(1, Timestamp.from(now));
                upsert.setArray(2, array(connection, "uuid", all.stream().map(ProjectedTariff::id)));
                upsert.setArray(3, array(connection, "uuid", all.stream().map(ProjectedTariff::processingModuleId)));
                upsert.setArray(4, array(connection, "varchar", all.stream().map(ProjectedTariff::upstreamTariffId)));
                upsert.setArray(5, array(connection, "varchar", all.stream().map(ProjectedTariff::productType)));
                upsert.setArray(6, array(connection, "varchar", all.stream().map(ProjectedTariff::name)));
                upsert.setArray(7, array(connection, "varchar", all.stream().map(ProjectedTariff::provider)));
                upsert.setArray(8, array(connection, "text", all.stream().map(ProjectedTariff::pricesJson)));
                upsert.setArray(9, array(connection, "boolean", all.stream().map(ProjectedTariff::upstreamAvailable)));
                upsert.setArray(10, array(connection, "boolean", all.stream().map(ProjectedTariff::upstreamRemoved)));
                upsert.setArray(11, array(connection, "boolean", all.stream().map(ProjectedTariff::belowCost)));
                upsert.setArray(12, array(connection, "bigint", all.stream().map(ProjectedTariff::version)));
                upsert.setArray(13, array(connection, "boolean", all.stream().map(ProjectedTariff::allowBelowCost)));
                upsert.setArray(14, array(connection, "text", all.stream().map(ProjectedTariff::modulesJson)));
                List<ProjectedTariff> written = new ArrayList<>();
                try (ResultSet rs = upsert.executeQuery()) {
                    while (rs.next()) {
                        written.add(byId.get(rs.getObject(1, UUID.class)));
                    }
                }
                return written;
            }
        });
    }

    private static Array array(Connection connection, String type, Stream<?> values) throws SQLException {
        return connection.createArrayOf(type, values.toArray());
    }

    /**
     * The known tariffs among {@code ids}, keyed by id, their read-model rows locked until the transaction
     * ends (in id order, so two bulk calls cannot deadlock) so a concurrent event cannot slip in between
     * the checks and the change.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, TariffFacts> factsForUpdate(Collection<UUID> ids) {
        return work(connection -> {
            Map<UUID, TariffFacts> facts = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT v.id, v.processing_module_id, v.product_type, v.upstream_available, v.upstream_removed,
                           v.below_cost, coalesce(m.deleted, false), coalesce(s.enabled, false), v.version
                    FROM tariff_view v
                    LEFT JOIN module_view m ON m.id = v.processing_module_id
                    LEFT JOIN tariff_reselling_state s ON s.tariff_id = v.id
                    WHERE v.id = ANY(?) ORDER BY v.id FOR UPDATE OF v""")) {
                select.setArray(1, uuids(connection, ids));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        TariffFacts f = new TariffFacts(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                                rs.getString(3), rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7),
                                rs.getBoolean(8), rs.getLong(9));
                        facts.put(f.id(), f);
                    }
                }
            }
            return facts;
        });
    }

    /**
     * Marks the tariffs enabled (recording {@code allowBelowCost}) or disabled with the reason (null: by the
     * reseller). Returns only those whose state changed (the ones to announce).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> setEnabled(Collection<UUID> ids, boolean enabled, String reason, boolean allowBelowCost,
            Instant now) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String sql = enabled ? """
                INSERT INTO tariff_reselling_state (tariff_id, enabled, changed_at, reason, allow_below_cost, version,
                    tariff_version)
                SELECT t.id, true, ?, NULL, ?, 1, coalesce(v.version, 0)
                FROM unnest(?::uuid[]) AS t(id) LEFT JOIN tariff_view v ON v.id = t.id
                ON CONFLICT (tariff_id) DO UPDATE SET enabled = true, changed_at = EXCLUDED.changed_at, reason = NULL,
                    allow_below_cost = EXCLUDED.allow_below_cost, version = tariff_reselling_state.version + 1,
                    tariff_version = greatest(tariff_reselling_state.tariff_version, EXCLUDED.tariff_version)
                WHERE NOT tariff_reselling_state.enabled
                RETURNING tariff_id"""
                : """
                UPDATE tariff_reselling_state s SET enabled = false, changed_at = ?, reason = ?, allow_below_cost = false,
                    version = s.version + 1, tariff_version = greatest(s.tariff_version,
                        coalesce((SELECT v.version FROM tariff_view v WHERE v.id = s.tariff_id), 0))
                WHERE s.tariff_id = ANY(?) AND s.enabled
                RETURNING s.tariff_id""";
        return work(connection -> {
            try (PreparedStatement change = connection.prepareStatement(sql)) {
                change.setTimestamp(1, Timestamp.from(now));
                if (enabled) {
                    change.setBoolean(2, allowBelowCost);
                } else {
                    change.setString(2, reason);
                }
                change.setArray(3, uuids(connection, ids));
                List<UUID> changed = new ArrayList<>();
                try (ResultSet rs = change.executeQuery()) {
                    while (rs.next()) {
                        changed.add(rs.getObject(1, UUID.class));
                    }
                }
                return changed;
            }
        });
    }

    /** The reselling state's version of each tariff, for the events that announce its change. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Long> resellingVersions(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return work(connection -> {
            Map<UUID, Long> versions = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT tariff_id, version FROM tariff_reselling_state WHERE tariff_id = ANY(?)")) {
                select.setArray(1, uuids(connection, ids));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        versions.put(rs.getObject(1, UUID.class), rs.getLong(2));
                    }
                }
            }
            return versions;
        });
    }

    /**
     * The tariffs among {@code tariffs} whose reselling state was last decided on an older tariff version than
     * the one given (or never): only for those may that version take the tariff off sale. A replay of old
     * versions (a rebuild of the read model) thus never undoes a decision taken on a newer one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> decidedOnOlderVersion(Collection<ProjectedTariff> tariffs) {
        if (tariffs.isEmpty()) {
            return List.of();
        }
        return work(connection -> {
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT t.id FROM unnest(?::uuid[], ?::bigint[]) AS t(id, version)
                    LEFT JOIN tariff_reselling_state s ON s.tariff_id = t.id
                    WHERE s.tariff_id IS NULL OR s.tariff_version < t.version""")) {
                select.setArray(1, array(connection, "uuid", tariffs.stream().map(ProjectedTariff::id)));
                select.setArray(2, array(connection, "bigint", tariffs.stream().map(ProjectedTariff::version)));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return ids;
        });
    }

    /** Withdraws the allowance to sell below cost that the tariffs were enabled with (a later edit without it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clearAllowBelowCost(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        work(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE tariff_reselling_state"
                    + " SET allow_below_cost = false WHERE tariff_id = ANY(?) AND allow_below_cost")) {
                update.setArray(1, uuids(connection, ids));
                return update.executeUpdate();
            }
        });
    }

    /** The enabled tariffs of a module, for disabling them when the module is deleted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> enabledOfModule(UUID moduleId) {
        return work(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT v.id FROM tariff_view v JOIN tariff_reselling_state s ON s.tariff_id = v.id
                    WHERE v.processing_module_id = ? AND s.enabled ORDER BY v.id""")) {
                select.setObject(1, moduleId);
                List<UUID> ids = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
                return ids;
            }
        });
    }

    /** Module id and product type of each tariff, for the event data. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, String[]> moduleAndType(Collection<UUID> ids) {
        return work(connection -> {
            Map<UUID, String[]> result = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, processing_module_id, product_type FROM tariff_view WHERE id = ANY(?)")) {
                select.setArray(1, uuids(connection, ids));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        result.put(rs.getObject(1, UUID.class), new String[] {rs.getString(2), rs.getString(3)});
                    }
                }
            }
            return result;
        });
    }

    /** What this service knows and decided about one tariff (internal diagnosis). */
    public record ResellingState(String tariffId, String processingModuleId, String productType, String name,
            long version, boolean upstreamAvailable, boolean upstreamRemoved, boolean belowCost, boolean moduleDeleted,
            boolean enabled, boolean inCatalog, String reason, Instant changedAt) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.Optional<ResellingState> resellingState(UUID id) {
        return work(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT v.id, v.processing_module_id, v.product_type, v.name, v.version, v.upstream_available,
                           v.upstream_removed, v.below_cost, coalesce(m.deleted, false), coalesce(s.enabled, false),
                           EXISTS (SELECT 1 FROM catalog_entry c WHERE c.tariff_id = v.id AND c.on_sale), s.reason, s.changed_at
                    FROM tariff_view v
                    LEFT JOIN module_view m ON m.id = v.processing_module_id
                    LEFT JOIN tariff_reselling_state s ON s.tariff_id = v.id
                    WHERE v.id = ?""")) {
                select.setObject(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return java.util.Optional.<ResellingState>empty();
                    }
                    Timestamp changed = rs.getTimestamp(13);
                    return java.util.Optional.of(new ResellingState(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8),
                            rs.getBoolean(9), rs.getBoolean(10), rs.getBoolean(11), rs.getString(12),
                            changed == null ? null : changed.toInstant()));
                }
            }
        });
    }

    private static Array uuids(Connection connection, Collection<UUID> ids) throws SQLException {
        return connection.createArrayOf("uuid", ids.toArray(new UUID[0]));
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T work(Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }
}
