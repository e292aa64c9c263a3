package io.resellhub.reselling.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.resellhub.commons.events.EventCodec;
import io.resellhub.commons.events.EventEnvelope;
import io.resellhub.commons.events.PoisonEventException;
import io.resellhub.commons.outbox.ProcessedEvents;
import io.resellhub.commons.tracing.EventTracing;
import io.resellhub.reselling.domain.ModuleView;
import io.resellhub.reselling.service.TariffResellingService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps {@link ModuleView} in step with module-service: idempotent, and an older version never overwrites a newer.
 * The topic is compacted; a deleted module's tombstone (a record without value) marks it deleted too.
 */
@ApplicationScoped
public class ModuleEventsConsumer {

    static final String CONSUMER = "reselling-service.processing-modules";

    private final EventCodec codec;
    private final ProcessedEvents processed;
    private final Clock clock;
    private final TariffResellingService reselling;
    private final EventTracing tracing;

    public ModuleEventsConsumer(EventCodec codec, ProcessedEvents processed, Clock clock,
            TariffResellingService reselling, EventTracing tracing) {
        this.codec = codec;
        this.processed = processed;
        this.clock = clock;
        this.reselling = reselling;
        this.tracing = tracing;
    }

    /** The part of module-service's event data (version 1) this service reads; other fields are ignored. */
    public record ModuleData(String id, String productType, String name, Integer sort, Long version, Boolean deleted) {
    }

    @Incoming("processing-modules")
    @Blocking
    // A valid event waits for the database (back-off up to 2 s) instead of going to the dead-letter topic.
    @Retry(maxRetries = -1, maxDuration = 0, delay = 200, jitter = 100, abortOn = PoisonEventException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    public void onEvent(ConsumerRecord<String, String> record) {
        tracing.process(record.topic(), record.headers(), () -> handle(record));
    }

    private void handle(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            onTombstone(record.key());
            return;
        }
        EventEnvelope event = codec.read(record.value());
        if (!event.type().startsWith("processing-module.") || event.type().startsWith("processing-module.balance-")) {
            return;
        }
        processed.applyOnce(CONSUMER, event.id(), () -> apply(event));
    }

    /**
     * A tombstone (null value) follows a module's deletion event on the compacted topic: the module is gone for
     * good. Idempotent; a module this read model never saw is left unknown.
     */
    private void onTombstone(String key) {
        UUID id;
        try {
            id = UUID.fromString(key);
        } catch (RuntimeException e) {
            throw new PoisonEventException("Tombstone with a key that is no module id: " + key);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            ModuleView view = ModuleView.findById(id);
            if (view == null) {
                Log.debugf("Tombstone of module %s, which this read model does not know; ignored", id);
                return;
            }
            if (!view.deleted) {
                view.deleted = true;
                view.updatedAt = Instant.now(clock);
                reselling.onModuleDeleted(id);
                Log.infof("Module %s '%s' deleted (tombstone)", id, view.name);
            }
        });
    }

    private void apply(EventEnvelope event) {
        ModuleData data = codec.data(event, 1, ModuleData.class);
        if (data.id() == null || data.version() == null || data.productType() == null) {
            throw new PoisonEventException(event.type() + " " + event.id() + " lacks id, version or productType");
        }
        UUID id = UUID.fromString(data.id());
        ModuleView view = ModuleView.findById(id);
        if (view != null && view.version > data.version()) {
            Log.debugf("Module %s: event %s of version %d is older than the known %d; ignored", id, event.id(),
                    data.version(), view.version);
            return;
        }
        if (view == null) {
            view = new ModuleView();
            view.id = id;
        }
        view.productType = data.productType();
        view.name = data.name();
        view.sort = data.sort() == null ? 0 : data.sort();
        view.deleted = view.deleted || Boolean.TRUE.equals(data.deleted()) || event.type().endsWith(".deleted");
        view.version = data.version();
        view.updatedAt = Instant.now(clock);
        if (!view.isPersistent()) {
            view.persist();
        }
        if (view.deleted) {
            // A deleted module sells nothing: its enabled tariffs go off sale with tariff.disabled.
            reselling.onModuleDeleted(id);
        }
        Log.infof("Module %s '%s' now known as %s (version %d)", id, view.name, view.deleted ? "deleted" : "active",
                view.version);
    }
}
