package io.resellhub.reselling.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.quarkus.logging.Log;
import io.resellhub.commons.events.EventCodec;
import io.resellhub.commons.events.EventEnvelope;
import io.resellhub.commons.events.PoisonEventException;
import io.resellhub.commons.tracing.EventTracing;
import io.resellhub.reselling.service.TariffProjection.Change;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import io.resellhub.reselling.service.TariffProjection;
import io.resellhub.reselling.repository.TariffStore;

/**
 * Reads tariff-service's {@code tariffs} topic a poll at a time (batch mode), so a bulk import of 10,000
 * tariffs costs this service a few dozen transactions instead of 10,000. Each record is decoded on its
 * own: one that cannot be read goes to the dead-letter topic alone, the rest of its batch is projected.
 */
@ApplicationScoped
public class TariffEventsConsumer {

    private static final Set<String> TYPES = Set.of("tariff.imported", "tariff.updated", "tariff.upstream-changed");

    private final EventCodec codec;
    private final TariffProjection projection;
    private final EventTracing tracing;

    public TariffEventsConsumer(EventCodec codec, TariffProjection projection, EventTracing tracing) {
        this.codec = codec;
        this.projection = projection;
        this.tracing = tracing;
    }

    /** Selling price and upstream cost of one period, money as strings. */
    public record PriceData(Integer period, String amount, String currency, String upstreamCost) {
    }

    /** The data (version 1) of tariff-service's events. */
    public record TariffData(String id, String processingModuleId, String upstreamTariffId, String productType,
            String name, String provider, List<PriceData> prices, Boolean upstreamAvailable, Boolean upstreamRemoved,
            Boolean belowCost, Long version, Boolean allowBelowCost, List<ModuleData> modules) {
    }

    /** One module that may serve the tariff (added compatibly: older events name only processingModuleId). */
    public record ModuleData(String processingModuleId, String upstreamTariffId) {
    }

    @Incoming("tariffs")
    @Blocking
    public CompletionStage<Void> onEvents(KafkaRecordBatch<String, String> batch) {
        return tracing.processBatch(batch, () -> project(batch));
    }

    private CompletionStage<Void> project(KafkaRecordBatch<String, String> batch) {
        List<Change> changes = new ArrayList<>();
        List<KafkaRecord<String, String>> poison = new ArrayList<>();
        List<PoisonEventException> reasons = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                decode(record.getPayload()).ifPresent(changes::add);
            } catch (PoisonEventException e) {
                Log.warnf("Tariff event with key %s (%s-%d) cannot be projected and goes to the dead-letter topic: %s",
                        record.getKey(), record.getTopic(), record.getPartition(), e.getMessage());
                poison.add(record);
                reasons.add(e);
            }
        }
        // Throws when the database stays unavailable through the retries: the whole batch is nacked then.
        projection.apply(changes);
        CompletableFuture<?>[] deadLettered = new CompletableFuture<?>[poison.size()];
        for (int i = 0; i < poison.size(); i++) {
            deadLettered[i] = poison.get(i).nack(reasons.get(i)).toCompletableFuture();
        }
        return CompletableFuture.allOf(deadLettered).thenCompose(done -> batch.ack());
    }

    /** The change an event carries; empty for event types this read model ignores. */
    Optional<Change> decode(String payload) {
        if (payload == null) {
            // A tombstone: tariff-service deletes no tariffs, so nothing in this read model follows from one.
            return Optional.empty();
        }
        EventEnvelope event = codec.read(payload);
        if (!TYPES.contains(event.type())) {
            return Optional.empty();
        }
        TariffData data = codec.data(event, 1, TariffData.class);
        if (data.id() == null || data.version() == null || data.productType() == null || data.name() == null
                || data.processingModuleId() == null || data.prices() == null) {
            throw new PoisonEventException(event.type() + " " + event.id()
                    + " lacks id, processingModuleId, productType, name, prices or version");
        }
        UUID id;
        UUID moduleId;
        try {
            id = UUID.fromString(data.id());
            moduleId = UUID.fromString(data.processingModuleId());
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(event.type() + " " + event.id() + " carries a malformed id", e);
        }
        String modules = null;
        if (data.modules() != null && !data.modules().isEmpty()) {
            for (ModuleData module : data.modules()) {
                if (module == null || module.processingModuleId() == null || module.upstreamTariffId() == null) {
                    throw new PoisonEventException(event.type() + " " + event.id() + " names a module without"
                            + " processingModuleId or upstreamTariffId");
                }
                try {
                    UUID.fromString(module.processingModuleId());
                } catch (IllegalArgumentException e) {
                    throw new PoisonEventException(event.type() + " " + event.id() + " carries a malformed module id", e);
                }
            }
            modules = codec.toTree(data.modules()).toString();
        }
        return Optional.of(new Change(event.id(), new TariffStore.ProjectedTariff(id, moduleId,
                data.upstreamTariffId(), data.productType(), data.name(), data.provider(),
                codec.toTree(data.prices()).toString(), !Boolean.FALSE.equals(data.upstreamAvailable()),
                Boolean.TRUE.equals(data.upstreamRemoved()), Boolean.TRUE.equals(data.belowCost()), data.version(),
                Boolean.TRUE.equals(data.allowBelowCost()), modules), event.type().equals("tariff.updated")));
    }
}
