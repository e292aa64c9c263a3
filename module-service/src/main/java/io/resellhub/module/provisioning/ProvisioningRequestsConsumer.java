package io.resellhub.module.provisioning;

import io.resellhub.commons.events.EventCodec;
import io.resellhub.commons.events.EventEnvelope;
import io.resellhub.commons.events.PoisonEventException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes {@code provisioning.requested} from the provisioning topic (results on the same topic are
 * skipped). Not {@code @Transactional}: the upstream call must run with no transaction open, so
 * {@link ProvisioningWorker} opens its own before and after it.
 */
@ApplicationScoped
public class ProvisioningRequestsConsumer {

    private final EventCodec codec;
    private final ProvisioningWorker worker;

    public ProvisioningRequestsConsumer(EventCodec codec, ProvisioningWorker worker) {
        this.codec = codec;
        this.worker = worker;
    }

    @Incoming("provisioning")
    @Blocking
    @Retry(maxRetries = 5, delay = 500, abortOn = PoisonEventException.class)
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
        worker.record(event.id(), request).ifPresent(worker::run);
    }
}
