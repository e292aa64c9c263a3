package io.resellhub.module.provisioning;

import io.resellhub.commons.events.EventCodec;
import io.resellhub.commons.events.EventEnvelope;
import io.resellhub.commons.events.PoisonEventException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes {@code provisioning.requested} from the provisioning topic (results on the same topic are
 * skipped), records the action and hands it to the {@link ProvisioningDispatcher}: the upstream call never
 * runs on this thread. A valid request is never dead-lettered: while the database is unreachable the
 * recording is retried with back-off until it is back; only an unreadable request goes to the DLQ, alone.
 */
@ApplicationScoped
public class ProvisioningRequestsConsumer {

    private final EventCodec codec;
    private final ProvisioningWorker worker;
    private final ProvisioningDispatcher dispatcher;

    public ProvisioningRequestsConsumer(EventCodec codec, ProvisioningWorker worker, ProvisioningDispatcher dispatcher) {
        this.codec = codec;
        this.worker = worker;
        this.dispatcher = dispatcher;
    }

    @Incoming("provisioning")
    @Blocking("provisioning-requests") // its own thread: never waits behind the HTTP worker pool
    // A valid event waits for the database (back-off up to 2 s) instead of going to the dead-letter topic.
    @Retry(maxRetries = -1, maxDuration = 0, delay = 200, jitter = 100, abortOn = PoisonEventException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    public void onEvent(String payload) {
        EventEnvelope event = codec.read(payload);
        if (!ProvisioningEvents.REQUESTED.equals(event.type())) {
            return;
        }
        ProvisioningRequest request = codec.data(event, 1, ProvisioningRequest.class);
        String problem = request.problem();
        if (problem != null) {
            throw new PoisonEventException(event.type() + " " + event.id() + " " + problem);
        }
        if (worker.record(event.id(), request)) {
            dispatcher.wake();
        }
    }
}
