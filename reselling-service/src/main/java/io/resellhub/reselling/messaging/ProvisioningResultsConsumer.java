package io.resellhub.reselling.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.resellhub.commons.events.EventCodec;
import io.resellhub.commons.events.EventEnvelope;
import io.resellhub.commons.events.PoisonEventException;
import io.resellhub.commons.events.UntilApplied;
import io.resellhub.commons.outbox.ProcessedEvents;
import io.resellhub.commons.tracing.EventTracing;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import io.resellhub.reselling.service.OrderService;

/**
 * Moves orders on with module-service's {@code provisioning.succeeded|failed|waiting} from the provisioning-results
 * topic (any other type there is skipped), a poll at a time: one transaction for the
 * results of a batch. Idempotent: a redelivered result, or one for an action the order no longer waits for,
 * changes nothing. A result that cannot be read goes to the dead-letter topic alone; the valid ones are
 * applied, and when that fails (the database unreachable, a concurrent change of an order) they are tried
 * again with back-off until it works: a valid result is never dead-lettered.
 */
@ApplicationScoped
public class ProvisioningResultsConsumer {

    static final String CONSUMER = "reselling-service.provisioning";

    private final EventCodec codec;
    private final ProcessedEvents processed;
    private final OrderService orders;
    private final EventTracing tracing;

    public ProvisioningResultsConsumer(EventCodec codec, ProcessedEvents processed, OrderService orders,
            EventTracing tracing) {
        this.codec = codec;
        this.processed = processed;
        this.orders = orders;
        this.tracing = tracing;
    }

    /** One result as delivered: its event id and what module-service answered. */
    record Delivered(UUID eventId, OrderEvents.Answer answer) {
    }

    @Incoming("provisioning-results")
    @Blocking("provisioning-results") // its own thread: never waits behind the HTTP worker pool
    public CompletionStage<Void> onEvents(KafkaRecordBatch<String, String> batch) {
        return tracing.processBatch(batch, () -> applyBatch(batch));
    }

    private CompletionStage<Void> applyBatch(KafkaRecordBatch<String, String> batch) {
        List<Delivered> results = new ArrayList<>();
        List<CompletableFuture<Void>> deadLettered = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch) {
            try {
                decode(record.getPayload()).ifPresent(results::add);
            } catch (PoisonEventException e) {
                Log.warnf("Provisioning result with key %s (%s-%d) cannot be read and goes to the dead-letter topic:"
                        + " %s", record.getKey(), record.getTopic(), record.getPartition(), e.getMessage());
                deadLettered.add(record.nack(e).toCompletableFuture());
            }
        }
        if (!results.isEmpty()) {
            UntilApplied.run(results.size() + " provisioning result(s)",
                    () -> QuarkusTransaction.requiringNew().run(() -> apply(results)));
        }
        return CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new)).thenCompose(done -> batch.ack());
    }

    /** The result an event carries; empty for any other type. Checks all it will need. */
    Optional<Delivered> decode(String payload) {
        EventEnvelope event = codec.read(payload);
        OrderEvents.Outcome outcome;
        if (OrderEvents.SUCCEEDED.equals(event.type())) {
            outcome = OrderEvents.Outcome.SUCCEEDED;
        } else if (OrderEvents.FAILED.equals(event.type())) {
            outcome = OrderEvents.Outcome.FAILED;
        } else if (OrderEvents.WAITING.equals(event.type())) {
            outcome = OrderEvents.Outcome.WAITING;
        } else {
            return Optional.empty();
        }
        OrderEvents.Result result = codec.data(event, 1, OrderEvents.Result.class);
        if (result.orderId() == null || result.actionId() == null) {
            throw new PoisonEventException(event.type() + " " + event.id() + " lacks orderId or actionId");
        }
        OrderService.upstreamDate(result.expiresAt());
        return Optional.of(new Delivered(event.id(), new OrderEvents.Answer(result, outcome)));
    }

    private void apply(List<Delivered> results) {
        Set<UUID> fresh = processed.firstDeliveries(CONSUMER, results.stream().map(Delivered::eventId).toList());
        orders.applyAll(results.stream().filter(d -> fresh.contains(d.eventId())).map(Delivered::answer).toList());
    }
}
