package io.resellhub.gateway.client;

import java.time.temporal.ChronoUnit;

import io.resellhub.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** tariff-service, guarded: a timeout, reads retried, and its own circuit breaker. */
@ApplicationScoped
public class TariffServiceClient implements DownstreamClient {

    private final HttpForwarder forwarder;

    public TariffServiceClient(GatewayConfig config) {
        this.forwarder = new HttpForwarder("tariff-service", config.tariffService());
    }

    @Override
    @Timeout(value = 50, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, retryOn = DownstreamUnavailableException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = DownstreamUnavailableException.class)
    @CircuitBreakerName("tariff-service-read")
    public DownstreamResponse read(String pathAndQuery) {
        return forwarder.send("GET", pathAndQuery, null, null);
    }

    @Override
    @Timeout(value = 50, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = DownstreamUnavailableException.class)
    @CircuitBreakerName("tariff-service-write")
    public DownstreamResponse write(String method, String pathAndQuery, String jsonBody, String ifMatch) {
        return forwarder.send(method, pathAndQuery, jsonBody, ifMatch);
    }

    @Override
    public String baseUrl() {
        return forwarder.baseUrl();
    }
}
