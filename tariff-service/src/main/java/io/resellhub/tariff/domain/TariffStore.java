package io.resellhub.tariff.domain;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.hibernate.Session;

import io.resellhub.commons.persistence.StringMapJson;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Bulk reads and writes of tariffs in plain JDBC, one statement per table and batch (each column an
 * array parameter), for imports and syncs of thousands of plans without a round trip or a managed entity
 * per row. It reads and writes the one tariff model, {@link Tariff}, as detached objects: the import applies
 * the same rules to them as an edit does. Every method runs on the caller's transaction.
 */
@ApplicationScoped
public class TariffStore {

    private static final String COLUMNS = "id, processing_module_id, upstream_tariff_id, product_type, name,"
            + " upstream_name, provider, currency, upstream_available, upstream_removed, below_cost, version";
    private static final String READ_COLUMNS = COLUMNS + ", status, allow_below_cost, disabled_reason";

    private static final StringMapJson COSTS = new StringMapJson();

    private final EntityManager entityManager;

    public TariffStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Upstream id → tariff id of every tariff of the module that is not flagged removed. */
    public Map<String, UUID> presentUpstreamIds(UUID moduleId) {
        Map<String, UUID> ids = new HashMap<>();
        session().doWork(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT upstream_tariff_id, id FROM tariff"
                    + " WHERE processing_module_id = ? AND NOT upstream_removed")) {
                select.setObject(1, moduleId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.put(rs.getString(1), rs.getObject(2, UUID.class));
                    }
                }
            }
        });
        return ids;
    }

    /** Upstream ids of every tariff of the module, flagged-removed ones included. */
    public Set<String> importedUpstreamIds(UUID moduleId) {
        Set<String> ids = new HashSet<>();
        session().doWork(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT upstream_tariff_id FROM tariff WHERE processing_module_id = ?")) {
                select.setObject(1, moduleId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
        });
        return ids;
    }

    /** The module's tariffs with the given upstream ids (all of them when null), by upstream id. */
    public Map<String, Tariff> load(UUID moduleId, Collection<String> upstreamIds, boolean lock) {
        Map<String, Tariff> rows = new LinkedHashMap<>();
        session().doWork(c -> {
            String sql = "SELECT " + READ_COLUMNS + " FROM tariff WHERE processing_module_id = ?"
                    + (upstreamIds == null ? "" : " AND upstream_tariff_id = ANY(?)")
                    // Locks always in id order, as lockByIds takes them, so two jobs cannot deadlock.
                    + (lock ? " ORDER BY id FOR UPDATE" : "");
            Map<UUID, Tariff> byId = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement(sql)) {
                select.setObject(1, moduleId);
                if (upstreamIds != null) {
                    select.setArray(2, c.createArrayOf("varchar", upstreamIds.toArray()));
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        Tariff row = read(rs);
                        rows.put(row.upstreamTariffId, row);
                        byId.put(row.id, row);
                    }
                }
            }
            readPrices(c, byId);
            readModules(c, byId);
        });
        return rows;
    }

    /** The module's tariffs with the given ids, locked. */
    public List<Tariff> lockByIds(Collection<UUID> ids) {
        List<Tariff> rows = new ArrayList<>();
        session().doWork(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + READ_COLUMNS
                    + " FROM tariff WHERE id = ANY(?) ORDER BY id FOR UPDATE")) {
                select.setArray(1, uuids(c, ids));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(read(rs));
                    }
                }
            }
            Map<UUID, Tariff> byId = new HashMap<>();
            rows.forEach(r -> byId.put(r.id, r));
            readPrices(c, byId);
            readModules(c, byId);
        });
        return rows;
    }

    /** Reads the further modules of one tariff (an entity or a detached row) into {@link Tariff#servingModules}. */
    public void loadModules(Tariff tariff) {
        tariff.servingModules.clear();
        session().doWork(c -> readModules(c, Map.of(tariff.id, tariff)));
    }

    /** Replaces the further modules of a tariff, in the given order. */
    public void replaceModules(UUID tariffId, List<ServingModule> modules) {
        session().doWork(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM tariff_module WHERE tariff_id = ?")) {
                delete.setObject(1, tariffId);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO tariff_module (tariff_id,"
                    + " processing_module_id, upstream_tariff_id, costs, position) VALUES (?, ?, ?, ?::jsonb, ?)")) {
                int position = 0;
                for (ServingModule module : modules) {
                    Map<String, String> costs = new java.util.TreeMap<>();
                    module.costs().forEach((period, cost) -> costs.put(period.toString(), cost.toPlainString()));
                    insert.setObject(1, tariffId);
                    insert.setObject(2, module.processingModuleId());
                    insert.setString(3, module.upstreamTariffId());
                    insert.setString(4, COSTS.convertToDatabaseColumn(costs));
                    insert.setInt(5, position++);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    private static void readModules(Connection c, Map<UUID, Tariff> byId) throws SQLException {
        if (byId.isEmpty()) {
            return;
        }
        try (PreparedStatement select = c.prepareStatement("SELECT tariff_id, processing_module_id,"
                + " upstream_tariff_id, costs::text FROM tariff_module WHERE tariff_id = ANY(?)"
                + " ORDER BY tariff_id, position")) {
            select.setArray(1, uuids(c, byId.keySet()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Map<Integer, BigDecimal> costs = new java.util.TreeMap<>();
                    COSTS.convertToEntityAttribute(rs.getString(4))
                            .forEach((period, cost) -> costs.put(Integer.valueOf(period), new BigDecimal(cost)));
                    byId.get(rs.getObject(1, UUID.class)).servingModules.add(new ServingModule(
                            rs.getObject(2, UUID.class), rs.getString(3), costs));
                }
            }
        }
    }

    private static void readPrices(Connection c, Map<UUID, Tariff> byId) throws SQLException {
        if (byId.isEmpty()) {
            return;
        }
        try (PreparedStatement select = c.prepareStatement("SELECT tariff_id, period, amount, upstream_cost"
                + " FROM tariff_price WHERE tariff_id = ANY(?) ORDER BY tariff_id, period")) {
            select.setArray(1, uuids(c, byId.keySet()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    byId.get(rs.getObject(1, UUID.class)).prices.add(
                            new TariffPrice(rs.getInt(2), rs.getBigDecimal(3), rs.getBigDecimal(4)));
                }
            }
        }
    }

    /** New tariffs (status disabled, version 0) with their prices: two statements, whatever the number of rows. */
    public void insert(List<Tariff> rows, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        session().doWork(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO tariff (" + COLUMNS
                    + ", status, created_at, updated_at) SELECT t.*, 'disabled', ?, ? FROM unnest(?::uuid[], ?::uuid[],"
                    + " ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::char(3)[],"
                    + " ?::boolean[], ?::boolean[], ?::boolean[], ?::bigint[]) AS t")) {
                Timestamp at = Timestamp.from(now);
                insert.setTimestamp(1, at);
                insert.setTimestamp(2, at);
                insert.setArray(3, array(c, "uuid", rows, r -> r.id));
                insert.setArray(4, array(c, "uuid", rows, r -> r.processingModuleId));
                insert.setArray(5, array(c, "varchar", rows, r -> r.upstreamTariffId));
                insert.setArray(6, array(c, "varchar", rows, r -> r.productType));
                insert.setArray(7, array(c, "varchar", rows, r -> r.name));
                insert.setArray(8, array(c, "varchar", rows, r -> r.upstreamName));
                insert.setArray(9, array(c, "varchar", rows, r -> r.provider));
                insert.setArray(10, array(c, "varchar", rows, r -> r.currency));
                insert.setArray(11, array(c, "boolean", rows, r -> r.upstreamAvailable));
                insert.setArray(12, array(c, "boolean", rows, r -> r.upstreamRemoved));
                insert.setArray(13, array(c, "boolean", rows, r -> r.belowCost));
                insert.setArray(14, array(c, "bigint", rows, r -> r.version));
                insert.executeUpdate();
            }
            upsertPrices(c, rows);
        });
    }

    /**
     * Writes what the upstream and the import decide (upstream name, availability, removed and below-cost
     * flags, provider, upstream cost per period) of tariffs locked by this transaction, and moves each one's
     * version on by one as an edit through the entity does; each object gets its new version. The reseller's
     * name and selling amounts of existing periods are never written here; a period new upstream gets its
     * cost as selling amount.
     */
    public void updateImportedState(List<Tariff> rows, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        Map<UUID, Tariff> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.id, r));
        session().doWork(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE tariff SET upstream_name = t.upstream_name,"
                    + " upstream_available = t.available, upstream_removed = t.removed, below_cost = t.below_cost,"
                    + " provider = t.provider, version = tariff.version + 1, updated_at = ? FROM unnest(?::uuid[],"
                    + " ?::varchar[], ?::boolean[], ?::boolean[], ?::boolean[], ?::varchar[])"
                    + " AS t(id, upstream_name, available, removed, below_cost, provider)"
                    + " WHERE tariff.id = t.id RETURNING tariff.id, tariff.version")) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setArray(2, array(c, "uuid", rows, r -> r.id));
                update.setArray(3, array(c, "varchar", rows, r -> r.upstreamName));
                update.setArray(4, array(c, "boolean", rows, r -> r.upstreamAvailable));
                update.setArray(5, array(c, "boolean", rows, r -> r.upstreamRemoved));
                update.setArray(6, array(c, "boolean", rows, r -> r.belowCost));
                update.setArray(7, array(c, "varchar", rows, r -> r.provider));
                try (ResultSet rs = update.executeQuery()) {
                    while (rs.next()) {
                        byId.get(rs.getObject(1, UUID.class)).version = rs.getLong(2);
                    }
                }
            }
            upsertPrices(c, rows);
        });
    }

    private static void upsertPrices(Connection c, List<Tariff> rows) throws SQLException {
        List<UUID> tariffIds = new ArrayList<>();
        List<Integer> periods = new ArrayList<>();
        List<String> amounts = new ArrayList<>();
        List<String> costs = new ArrayList<>();
        for (Tariff row : rows) {
            for (TariffPrice price : row.prices) {
                tariffIds.add(row.id);
                periods.add(price.period);
                amounts.add(price.amount.toPlainString());
                BigDecimal cost = price.upstreamCost;
                costs.add(cost == null ? null : cost.toPlainString());
            }
        }
        if (tariffIds.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO tariff_price (tariff_id, period, amount,"
                + " upstream_cost) SELECT * FROM unnest(?::uuid[], ?::integer[], ?::numeric[], ?::numeric[])"
                + " ON CONFLICT (tariff_id, period) DO UPDATE SET upstream_cost = EXCLUDED.upstream_cost")) {
            upsert.setArray(1, c.createArrayOf("uuid", tariffIds.toArray()));
            upsert.setArray(2, c.createArrayOf("integer", periods.toArray()));
            // Money travels as plain decimal text: exact, never in exponent notation.
            upsert.setArray(3, c.createArrayOf("varchar", amounts.toArray()));
            upsert.setArray(4, c.createArrayOf("varchar", costs.toArray()));
            upsert.executeUpdate();
        }
    }

    /** One array parameter holding a column of {@code rows}: a statement per batch, not per row. */
    private static Array array(Connection c, String type, List<Tariff> rows, Function<Tariff, Object> column)
            throws SQLException {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return c.createArrayOf(type, values);
    }

    private static Tariff read(ResultSet rs) throws SQLException {
        Tariff row = new Tariff();
        row.id = rs.getObject(1, UUID.class);
        row.processingModuleId = rs.getObject(2, UUID.class);
        row.upstreamTariffId = rs.getString(3);
        row.productType = rs.getString(4);
        row.name = rs.getString(5);
        row.upstreamName = rs.getString(6);
        row.provider = rs.getString(7);
        row.currency = rs.getString(8);
        row.upstreamAvailable = rs.getBoolean(9);
        row.upstreamRemoved = rs.getBoolean(10);
        row.belowCost = rs.getBoolean(11);
        row.version = rs.getLong(12);
        row.status = rs.getString(13);
        row.allowBelowCost = rs.getBoolean(14);
        row.disabledReason = rs.getString(15);
        return row;
    }

    private static Array uuids(Connection c, Collection<UUID> ids) throws SQLException {
        return c.createArrayOf("uuid", ids.toArray());
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }

}
