package io.resellhub.reselling.messaging;

import java.util.Collection;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.quarkus.logging.Log;
import io.resellhub.reselling.repository.TariffRebuildRepository;
import io.resellhub.reselling.service.TariffProjection;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;

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

    private final TariffRebuildRepository repository;

    public TariffRebuildListener(TariffRebuildRepository repository) {
        this.repository = repository;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty() || !repository.readModelEmpty()) {
            return;
        }
        repository.forgetProcessedEvents(TariffProjection.CONSUMER);
        consumer.seekToBeginning(partitions);
        Log.infof("Tariff read model is empty: replaying %s from the beginning", partitions);
    }
}
