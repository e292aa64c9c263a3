package io.resellhub.reselling.order;

import io.resellhub.commons.events.EventCodec;
import io.resellhub.commons.events.EventEnvelope;
import io.resellhub.commons.events.PoisonEventException;
import io.resellhub.commons.outbox.ProcessedEvents;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Moves orders on with module-service's {@code provisioning.succeeded|failed} (this service's own
 * {@code provisioning.requested} on the same topic is skipped). Idempotent: a redelivered result, or one for
 * an action the order no longer waits for, changes nothing. A concurrent change of the order (stale
 * version) rolls back and is retried, and so is a result that arrives while the database is unreachable:
 * with back-off until it is back, never to the dead-letter topic; only an unreadable result goes there.
 */
@ApplicationScoped
public class ProvisioningResultsConsumer {

    static final String CONSUMER = "reselling-service.provisioning";

    private final EventCodec codec;
    private final ProcessedEvents processed;
    private final OrderService orders;

    public ProvisioningResultsConsumer(EventCodec codec, ProcessedEvents processed, OrderService orders) {
        this.codec = codec;
        this.processed = processed;
        this.orders = orders;
    }

    @Incoming("provisioning")
    @Blocking("provisioning-results") // its own thread: never waits behind the HTTP worker pool
    @Retry(maxRetries = -1, delay = 200, maxDuration = 0, jitter = 100, abortOn = PoisonEventException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    public void onEvent(String payload) {
        EventEnvelope event = codec.read(payload);
        boolean succeeded = OrderEvents.SUCCEEDED.equals(event.type());
        if (!succeeded && !OrderEvents.FAILED.equals(event.type())) {
            return;
        }
        processed.applyOnce(CONSUMER, event.id(), () -> apply(event, succeeded));
    }

    private void apply(EventEnvelope event, boolean succeeded) {
        OrderEvents.Result result = codec.data(event, 1, OrderEvents.Result.class);
        if (result.orderId() == null || result.actionId() == null) {
            throw new PoisonEventException(event.type() + " " + event.id() + " lacks orderId or actionId");
        }
        orders.apply(result, succeeded);
    }
}
