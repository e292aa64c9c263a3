package io.resellhub.reselling.client;

import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * tariff-service, guarded: the state lookup only reads, so it is retried once. Failures are
 * {@link TariffServiceUnavailableException}, or the timeout's and open breaker's own exceptions; the REST
 * layer answers all of them with 503.
 */
@ApplicationScoped
public class TariffServiceClient {

    private final TariffServiceApi api;

    public TariffServiceClient(@RestClient TariffServiceApi api) {
        this.api = api;
    }

    /** The current state of each of {@code ids} tariff-service knows (1..1000 ids); unknown ones are missing. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName("tariff-service-current")
    public Map<UUID, CurrentTariff> current(Collection<UUID> ids) {
        try {
            return api.current(new TariffServiceApi.IdsRequest(ids)).items().stream()
                    .collect(Collectors.toMap(CurrentTariff::id, Function.identity()));
        } catch (ProcessingException e) {
            throw new TariffServiceUnavailableException("tariff-service is unreachable", e);
        }
    }
}
