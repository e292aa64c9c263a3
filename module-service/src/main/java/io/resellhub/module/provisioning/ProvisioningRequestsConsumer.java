package io.resellhub.module.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.quarkus.logging.Log;
import io.resellhub.commons.events.EventCodec;
import io.resellhub.commons.events.EventEnvelope;
import io.resellhub.commons.events.PoisonEventException;
import io.resellhub.commons.events.UntilApplied;
import io.resellhub.commons.tracing.EventTracing;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes {@code provisioning.requested} from the provisioning-requests topic a poll at a time (any other type
 * there is skipped), records the actions in one transaction and hands them to the
 * {@link ProvisioningDispatcher}: the upstream call never runs on this thread. A request that cannot be read
 * goes to the dead-letter topic alone; valid ones are recorded, retried with back-off while the database is
 * unreachable, never dead-lettered.
 */
@ApplicationScoped
public class ProvisioningRequestsConsumer {

    private final EventCodec codec;
    private final ProvisioningWorker worker;
    private final ProvisioningDispatcher dispatcher;
    private final EventTracing tracing;

    public ProvisioningRequestsConsumer(EventCodec codec, ProvisioningWorker worker, ProvisioningDispatcher dispatcher,
            EventTracing tracing) {
        this.codec = codec;
        this.worker = worker;
        this.dispatcher = dispatcher;
        this.tracing = tracing;
    }

    @Incoming("provisioning-requests")
    @Blocking("provisioning-requests") // its own thread: never waits behind the HTTP worker pool
    public CompletionStage<Void> onEvents(KafkaRecordBatch<String, String> batch) {
        return tracing.processBatch(batch, () -> recordRequests(batch));
    }

    private CompletionStage<Void> recordRequests(KafkaRecordBatch<String, String> batch) {
        List<ProvisioningWorker.Requested> requests = new ArrayList<>();
        List<CompletableFuture<Void>> deadLettered = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                EventEnvelope event = codec.read(record.getPayload());
                if (ProvisioningEvents.REQUESTED.equals(event.type())) {
                    requests.add(new ProvisioningWorker.Requested(event.id(), decode(event)));
                }
            } catch (PoisonEventException e) {
                Log.warnf("Provisioning request with key %s (%s-%d) cannot be read and goes to the dead-letter topic:"
                        + " %s", record.getKey(), record.getTopic(), record.getPartition(), e.getMessage());
                deadLettered.add(record.nack(e).toCompletableFuture());
            }
        }
        if (!requests.isEmpty()) {
            UntilApplied.run(requests.size() + " provisioning request(s)", () -> {
                if (worker.recordAll(requests) > 0) {
                    dispatcher.wake();
                }
            });
        }
        return CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new)).thenCompose(done -> batch.ack());
    }

    private ProvisioningRequest decode(EventEnvelope event) {
        ProvisioningRequest request = codec.data(event, 1, ProvisioningRequest.class);
        String problem = request.problem();
        if (problem != null) {
            throw new PoisonEventException(event.type() + " " + event.id() + " " + problem);
        }
        return request;
    }
}
