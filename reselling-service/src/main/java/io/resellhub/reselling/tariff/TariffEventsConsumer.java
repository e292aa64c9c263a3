package io.resellhub.reselling.tariff;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.logging.Log;
import io.resellhub.commons.events.EventCodec;
import io.resellhub.commons.events.EventEnvelope;
import io.resellhub.commons.events.PoisonEventException;
import io.resellhub.commons.outbox.ProcessedEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps {@code tariff_view} in step with tariff-service: idempotent (processed-event guard, and the
 * upsert is itself repeatable), and an older version never overwrites a newer. A tariff that is removed
 * or unavailable upstream is taken off sale in the same transaction ({@code tariff.disabled}).
 */
@ApplicationScoped
public class TariffEventsConsumer {

    static final String CONSUMER = "reselling-service.tariffs";

    private final EventCodec codec;
    private final ProcessedEvents processed;
    private final TariffStore store;
    private final TariffResellingService reselling;
    private final Clock clock;

    public TariffEventsConsumer(EventCodec codec, ProcessedEvents processed, TariffStore store,
            TariffResellingService reselling, Clock clock) {
        this.codec = codec;
        this.processed = processed;
        this.store = store;
        this.reselling = reselling;
        this.clock = clock;
    }

    /** Selling price and upstream cost of one period, money as strings. */
    public record PriceData(Integer period, String amount, String currency, String upstreamCost) {
    }

    /** The data (version 1) of tariff-service's events. */
    public record TariffData(String id, String processingModuleId, String upstreamTariffId, String productType,
            String name, String provider, List<PriceData> prices, Boolean upstreamAvailable, Boolean upstreamRemoved,
            Boolean belowCost, Long version) {
    }

    @Incoming("tariffs")
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = PoisonEventException.class)
    @Transactional
    public void onEvent(String payload) {
        EventEnvelope event = codec.read(payload);
        if (!event.type().equals("tariff.imported") && !event.type().equals("tariff.updated")
                && !event.type().equals("tariff.upstream-changed")) {
            return;
        }
        if (!processed.firstDelivery(CONSUMER, event.id())) {
            return;
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
        boolean available = !Boolean.FALSE.equals(data.upstreamAvailable());
        boolean removed = Boolean.TRUE.equals(data.upstreamRemoved());
        boolean written = store.upsert(new TariffStore.ProjectedTariff(id, moduleId, data.upstreamTariffId(),
                data.productType(), data.name(), data.provider(), codec.toTree(data.prices()).toString(), available,
                removed, Boolean.TRUE.equals(data.belowCost()), data.version()), Instant.now(clock));
        if (!written) {
            Log.debugf("Tariff %s: event %s of version %d is older than the stored one; ignored", id, event.id(),
                    data.version());
            return;
        }
        if (removed || !available) {
            reselling.disableAutomatically(List.of(id), removed ? "removed upstream" : "not available upstream");
        } else {
            store.refreshCatalog(List.of(id));
        }
        Log.debugf("Tariff %s projected at version %d from %s %s", id, data.version(), event.type(), event.id());
    }
}
