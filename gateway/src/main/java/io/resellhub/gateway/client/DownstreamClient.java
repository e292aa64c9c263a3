package io.resellhub.gateway.client;

import java.time.temporal.ChronoUnit;

import io.resellhub.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.Vertx;

/**
 * One private service behind the gateway, guarded: every call has a timeout and goes through this
 * service's own circuit breaker; reads are also retried, writes are sent once.
 */
public final class DownstreamClient {

    private final HttpForwarder forwarder;
    private final TypedGuard<DownstreamResponse> readGuard;
    private final TypedGuard<DownstreamResponse> writeGuard;

    DownstreamClient(Vertx vertx, String service, GatewayConfig.Downstream config) {
        this.forwarder = new HttpForwarder(vertx, service, config);
        this.readGuard = TypedGuard.create(DownstreamResponse.class)
                .withRetry().maxRetries(2).delay(200, ChronoUnit.MILLIS)
                .retryOn(DownstreamUnavailableException.class).done()
                .with(builder -> guard(builder, service + "-read"))
                .build();
        this.writeGuard = TypedGuard.create(DownstreamResponse.class)
                .with(builder -> guard(builder, service + "-write"))
                .build();
    }

    private static void guard(TypedGuard.Builder<DownstreamResponse> builder, String breakerName) {
        builder.withTimeout().duration(50, ChronoUnit.SECONDS).done()
                .withCircuitBreaker().name(breakerName).requestVolumeThreshold(20).failureRatio(0.5)
                .delay(5, ChronoUnit.SECONDS).failOn(DownstreamUnavailableException.class).done();
    }

    /** {@code authorization}: the caller's {@code Authorization} header, which the service verifies again. */
    public DownstreamResponse read(String pathAndQuery, String authorization) {
        return readGuard.get(() -> forwarder.send("GET", pathAndQuery, null, null, authorization));
    }

    public DownstreamResponse write(String method, String pathAndQuery, String jsonBody, String ifMatch,
            String authorization) {
        return writeGuard.get(() -> forwarder.send(method, pathAndQuery, jsonBody, ifMatch, authorization));
    }

    public BaseUrls baseUrls() {
        return forwarder.baseUrls();
    }
}
