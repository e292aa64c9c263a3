package io.resellhub.reselling.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * What a rebuild of the tariff read model from the {@code tariffs} topic reads and writes, each on a connection
 * of its own outside any transaction (a Kafka rebalance listener asks): whether {@code tariff_view} is empty, and
 * forgetting which events a consumer processed ({@code processed_event}).
 */
@ApplicationScoped
public class TariffRebuildRepository {

    private final DataSource dataSource;

    public TariffRebuildRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** True when the tariff read model holds no row. */
    public boolean readModelEmpty() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM tariff_view)");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell whether the tariff read model is empty", e);
        }
    }

    /** Forgets every event {@code consumer} processed, so a replay of its topic is applied again. */
    public void forgetProcessedEvents(String consumer) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM processed_event WHERE consumer = ?")) {
            delete.setString(1, consumer);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reset the processed events of " + consumer, e);
        }
    }
}
