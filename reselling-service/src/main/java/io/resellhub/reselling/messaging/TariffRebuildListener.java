package io.resellhub.reselling.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import io.resellhub.reselling.service.TariffProjection;

/**
 * Rebuilds the tariff read model from the {@code tariffs} topic when its table is empty (a fresh or
 * wiped database with committed offsets left in Kafka): on partition assignment it forgets which
 * tariff events were processed and seeks to the beginning. Replaying is safe: the projection is
 * version-ordered and the reselling state lives in its own table.
 */
@ApplicationScoped
@Identifier(TariffRebuildListener.NAME)
public class TariffRebuildListener implements KafkaConsumerRebalanceListener {

    public static final String NAME = "tariffs-rebuild";

    private final DataSource dataSource;

    public TariffRebuildListener(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty() || !projectionEmpty()) {
            return;
        }
        forgetProcessedEvents();
        consumer.seekToBeginning(partitions);
        Log.infof("Tariff read model is empty: replaying %s from the beginning", partitions);
    }

    boolean projectionEmpty() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM tariff_view)");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell whether the tariff read model is empty", e);
        }
    }

    void forgetProcessedEvents() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM processed_event WHERE consumer = ?")) {
            delete.setString(1, TariffProjection.CONSUMER);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reset the processed tariff events", e);
        }
    }
}
