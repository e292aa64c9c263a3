package io.resellhub.module.messaging;

import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.quarkus.logging.Log;
import io.resellhub.commons.events.EventCodec;
import io.resellhub.commons.events.EventEnvelope;
import io.resellhub.commons.events.PoisonEventException;
import io.resellhub.commons.outbox.ProcessedEvents;
import io.resellhub.commons.tracing.EventTracing;
import io.resellhub.module.service.TariffAlerts;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Learns which tariffs are enabled for sale per module from reselling-service's events, so a module
 * with enabled tariffs cannot be deleted, without reading another service's tables; a tariff the system
 * took off sale alerts the module's department. Idempotent (processed-event guard) and ordered by the events'
 * reselling version, remembered per tariff: an older enable or disable arriving late changes nothing.
 */
@ApplicationScoped
public class ResellingEventsConsumer {

    static final String CONSUMER = "module-service.reselling";

    private final EventCodec codec;
    private final ProcessedEvents processed;
    private final EntityManager entityManager;
    private final TariffAlerts alerts;
    private final EventTracing tracing;

    public ResellingEventsConsumer(EventCodec codec, ProcessedEvents processed, EntityManager entityManager,
            TariffAlerts alerts, EventTracing tracing) {
        this.codec = codec;
        this.processed = processed;
        this.entityManager = entityManager;
        this.alerts = alerts;
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
        if (!event.type().equals("tariff.enabled") && !event.type().equals("tariff.disabled")) {
            return;
        }
        processed.applyOnce(CONSUMER, event.id(), () -> apply(event));
    }

    private void apply(EventEnvelope event) {
        UUID tariffId = codec.uuid(event, "tariffId");
        UUID moduleId = codec.uuid(event, "processingModuleId");
        // Events from before versions were carried count as version 0: applied only while nothing newer was seen.
        long version = event.data().path("version").asLong(0);
        boolean newest = !entityManager.createNativeQuery("""
                INSERT INTO tariff_reselling_version (tariff_id, version) VALUES (?1, ?2)
                ON CONFLICT (tariff_id) DO UPDATE SET version = EXCLUDED.version
                WHERE tariff_reselling_version.version <= EXCLUDED.version
                RETURNING tariff_id""").setParameter(1, tariffId).setParameter(2, version).getResultList().isEmpty();
        if (!newest) {
            Log.debugf("Event %s %s of tariff %s carries reselling version %d, older than the one applied; ignored",
                    event.type(), event.id(), tariffId, version);
            return;
        }
        if (event.type().equals("tariff.enabled")) {
            entityManager.createNativeQuery("""
                    INSERT INTO module_enabled_tariff (module_id, tariff_id)
                    SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM processing_module WHERE id = ?1)
                    ON CONFLICT DO NOTHING""").setParameter(1, moduleId).setParameter(2, tariffId).executeUpdate();
        } else {
            entityManager.createNativeQuery("DELETE FROM module_enabled_tariff WHERE module_id = ?1 AND tariff_id = ?2")
                    .setParameter(1, moduleId).setParameter(2, tariffId).executeUpdate();
            // Taken off sale by the system (it says why): the module's department is alerted.
            String reason = event.data().path("reason").textValue();
            if (reason != null) {
                alerts.tariffDisabled(moduleId, tariffId, reason);
            }
        }
        Log.debugf("Module %s: tariff %s %s (reselling version %d)", moduleId, tariffId, event.type(), version);
    }
}
