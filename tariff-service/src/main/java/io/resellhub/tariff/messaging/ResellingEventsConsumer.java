package io.resellhub.tariff.messaging;

import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.quarkus.logging.Log;
import io.resellhub.commons.events.EventCodec;
import io.resellhub.commons.events.EventEnvelope;
import io.resellhub.commons.events.PoisonEventException;
import io.resellhub.commons.outbox.ProcessedEvents;
import io.resellhub.commons.tracing.EventTracing;
import io.resellhub.tariff.domain.TariffStatus;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects reselling-service's {@code tariff.enabled}/{@code tariff.disabled} into the tariff's status,
 * so lists filter by status without a call per row. Idempotent (processed-event guard), and ordered by the
 * events' reselling version: an older enable or disable arriving late changes nothing. The status is not the
 * reseller's edit, so it does not bump the tariff's version.
 */
@ApplicationScoped
public class ResellingEventsConsumer {

    static final String CONSUMER = "tariff-service.reselling";

    private final EventCodec codec;
    private final ProcessedEvents processed;
    private final EntityManager entityManager;
    private final EventTracing tracing;

    public ResellingEventsConsumer(EventCodec codec, ProcessedEvents processed, EntityManager entityManager,
            EventTracing tracing) {
        this.codec = codec;
        this.processed = processed;
        this.entityManager = entityManager;
        this.tracing = tracing;
    }

    @Incoming("reselling")
    @Blocking
    // A valid event waits for the database (back-off up to 2 s) instead of going to the dead-letter topic.
    @Retry(maxRetries = -1, maxDuration = 0, delay = 200, jitter = 100, abortOn = PoisonEventException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    public void onEvent(ConsumerRecord<String, String> record) {
        tracing.process(record.topic(), record.headers(), () -> handle(record.value()));
    }

    private void handle(String payload) {
        EventEnvelope event = codec.read(payload);
        TariffStatus status;
        if (event.type().equals("tariff.enabled")) {
            status = TariffStatus.ENABLED;
        } else if (event.type().equals("tariff.disabled")) {
            status = TariffStatus.DISABLED;
        } else {
            return;
        }
        if (event.dataVersion() != 1) {
            throw new PoisonEventException("Unsupported dataVersion " + event.dataVersion() + " of " + event.type()
                    + " " + event.id());
        }
        processed.applyOnce(CONSUMER, event.id(), () -> apply(event, status));
    }

    private void apply(EventEnvelope event, TariffStatus status) {
        UUID tariffId = codec.uuid(event, "tariffId");
        // Events from before versions were carried count as version 0: applied only over an unversioned status.
        long version = event.data().path("version").asLong(0);
        // Disabled by the system: its reason (below-cost, upstream-removed ...); enabled with allowBelowCost: kept.
        String reason = status == TariffStatus.DISABLED ? event.data().path("reason").textValue() : null;
        boolean allowBelowCost = event.data().path("allowBelowCost").asBoolean(false);
        int rows = entityManager.createNativeQuery("""
                UPDATE tariff SET status = ?1, reselling_version = ?3, disabled_reason = CAST(?4 AS varchar),
                    allow_below_cost = allow_below_cost OR ?5
                WHERE id = ?2 AND reselling_version <= ?3""")
                .setParameter(1, status.code()).setParameter(2, tariffId).setParameter(3, version)
                .setParameter(4, reason).setParameter(5, allowBelowCost).executeUpdate();
        if (rows == 1) {
            Log.infof("Tariff %s is now %s (event %s, reselling version %d)", tariffId, status.code(), event.id(), version);
        } else if (entityManager.createNativeQuery("SELECT 1 FROM tariff WHERE id = ?1").setParameter(1, tariffId)
                .getResultList().isEmpty()) {
            Log.warnf("Event %s %s names tariff %s, which is not in the catalog; ignored", event.type(), event.id(), tariffId);
        } else {
            Log.debugf("Event %s %s of tariff %s carries reselling version %d, older than the one applied; ignored",
                    event.type(), event.id(), tariffId, version);
        }
    }
}
