package io.resellhub.reselling.rest;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.quarkus.logging.Log;
import io.resellhub.commons.problem.ProblemMappers;
import io.resellhub.reselling.client.TariffServiceUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** tariff-service down, slow or behind an open breaker: 503 with a problem body; nothing was decided. */
public class DownstreamProblemMappers {

    @ServerExceptionMapper
    public Response unavailable(TariffServiceUnavailableException e, UriInfo uri) {
        return unavailable(uri, e.getMessage());
    }

    @ServerExceptionMapper
    public Response timeout(TimeoutException e, UriInfo uri) {
        return unavailable(uri, "tariff-service did not answer in time");
    }

    @ServerExceptionMapper
    public Response open(CircuitBreakerOpenException e, UriInfo uri) {
        return unavailable(uri, "tariff-service is failing; calls are paused for a few seconds");
    }

    private static Response unavailable(UriInfo uri, String detail) {
        Log.warnf("503 %s: %s", uri.getPath(), detail);
        return ProblemMappers.serviceUnavailable(uri.getPath(), detail + "; nothing was changed, try again shortly");
    }
}
