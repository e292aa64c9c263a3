package io.resellhub.tariff.domain;

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

import org.hibernate.Session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Bulk reads and writes of tariffs in plain JDBC batches (the driver rewrites them into multi-row
 * INSERTs), for imports and syncs of thousands of plans without a round trip or an entity per row.
 * Every method runs on the caller's transaction.
 */
@ApplicationScoped
public class TariffStore {

    private static final String COLUMNS = "id, processing_module_id, upstream_tariff_id, product_type, name,"
            + " upstream_name, provider, currency, upstream_available, upstream_removed, below_cost, version";

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
    public Map<String, TariffRow> load(UUID moduleId, Collection<String> upstreamIds, boolean lock) {
        Map<String, TariffRow> rows = new LinkedHashMap<>();
        session().doWork(c -> {
            String sql = "SELECT " + COLUMNS + " FROM tariff WHERE processing_module_id = ?"
                    + (upstreamIds == null ? "" : " AND upstream_tariff_id = ANY(?)")
                    // Locks always in id order, as lockByIds takes them, so two jobs cannot deadlock.
                    + (lock ? " ORDER BY id FOR UPDATE" : "");
            Map<UUID, TariffRow> byId = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement(sql)) {
                select.setObject(1, moduleId);
                if (upstreamIds != null) {
                    select.setArray(2, c.createArrayOf("varchar", upstreamIds.toArray()));
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        TariffRow row = read(rs);
                        rows.put(row.upstreamTariffId, row);
                        byId.put(row.id, row);
                    }
                }
            }
            if (byId.isEmpty()) {
                return;
            }
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT tariff_id, period, amount, upstream_cost FROM tariff_price WHERE tariff_id = ANY(?)")) {
                select.setArray(1, uuids(c, byId.keySet()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        byId.get(rs.getObject(1, UUID.class)).prices.put(rs.getInt(2),
                                new TariffRow.Price(rs.getBigDecimal(3), rs.getBigDecimal(4)));
                    }
                }
            }
        });
        return rows;
    }

    /** The module's tariffs with the given ids, locked. */
    public List<TariffRow> lockByIds(Collection<UUID> ids) {
        List<TariffRow> rows = new ArrayList<>();
        session().doWork(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM tariff WHERE id = ANY(?) ORDER BY id FOR UPDATE")) {
                select.setArray(1, uuids(c, ids));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(read(rs));
                    }
                }
            }
            Map<UUID, TariffRow> byId = new HashMap<>();
            rows.forEach(r -> byId.put(r.id, r));
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT tariff_id, period, amount, upstream_cost FROM tariff_price WHERE tariff_id = ANY(?)")) {
                select.setArray(1, uuids(c, ids));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        byId.get(rs.getObject(1, UUID.class)).prices.put(rs.getInt(2),
                                new TariffRow.Price(rs.getBigDecimal(3), rs.getBigDecimal(4)));
                    }
                }
            }
        });
        return rows;
    }

    /** New tariffs (status disabled) with their prices, in two JDBC batches. */
    public void insert(List<TariffRow> rows, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        session().doWork(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO tariff (" + COLUMNS
                    + ", status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'disabled', ?, ?)")) {
                Timestamp at = Timestamp.from(now);
                for (TariffRow row : rows) {
                    insert.setObject(1, row.id);
                    insert.setObject(2, row.processingModuleId);
                    insert.setString(3, row.upstreamTariffId);
                    insert.setString(4, row.productType);
                    insert.setString(5, row.name);
                    insert.setString(6, row.upstreamName);
                    insert.setString(7, row.provider);
                    insert.setString(8, row.currency);
                    insert.setBoolean(9, row.upstreamAvailable);
                    insert.setBoolean(10, row.upstreamRemoved);
                    insert.setBoolean(11, row.belowCost);
                    insert.setLong(12, row.version);
                    insert.setTimestamp(13, at);
                    insert.setTimestamp(14, at);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            upsertPrices(c, rows);
        });
    }

    /**
     * Writes what the upstream decides (upstream name, availability, removed and below-cost flags,
     * version, upstream cost per period). The reseller's name and selling amounts of existing periods
     * are never written here; a period new upstream gets its cost as selling amount.
     */
    public void updateUpstreamState(List<TariffRow> rows, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        session().doWork(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE tariff SET upstream_name = ?,"
                    + " upstream_available = ?, upstream_removed = ?, below_cost = ?, version = ?, updated_at = ?"
                    + " WHERE id = ?")) {
                Timestamp at = Timestamp.from(now);
                for (TariffRow row : rows) {
                    update.setString(1, row.upstreamName);
                    update.setBoolean(2, row.upstreamAvailable);
                    update.setBoolean(3, row.upstreamRemoved);
                    update.setBoolean(4, row.belowCost);
                    update.setLong(5, row.version);
                    update.setTimestamp(6, at);
                    update.setObject(7, row.id);
                    update.addBatch();
                }
                update.executeBatch();
            }
            upsertPrices(c, rows);
        });
    }

    private static void upsertPrices(Connection c, List<TariffRow> rows) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO tariff_price (tariff_id, period, amount,"
                + " upstream_cost) VALUES (?, ?, ?, ?) ON CONFLICT (tariff_id, period)"
                + " DO UPDATE SET upstream_cost = EXCLUDED.upstream_cost")) {
            for (TariffRow row : rows) {
                for (Map.Entry<Integer, TariffRow.Price> price : row.prices.entrySet()) {
                    upsert.setObject(1, row.id);
                    upsert.setInt(2, price.getKey());
                    upsert.setBigDecimal(3, price.getValue().amount);
                    upsert.setBigDecimal(4, price.getValue().upstreamCost);
                    upsert.addBatch();
                }
            }
            upsert.executeBatch();
        }
    }

    private static TariffRow read(ResultSet rs) throws SQLException {
        TariffRow row = new TariffRow();
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
        return row;
    }

    private static Array uuids(Connection c, Collection<UUID> ids) throws SQLException {
        return c.createArrayOf("uuid", ids.toArray());
    }

    private Session session() {
        return entityManager.unwrap(Session.class);
    }

}
