package io.resellhub.gateway.security;

import io.resellhub.commons.problem.ProblemMappers;
import io.resellhub.gateway.client.DownstreamUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Gateway-only failures as problems: a downstream service down. Missing or bad tokens and a wrong role are
 * commons' {@link io.resellhub.commons.security.SecurityProblemMappers}, the same as in the services.
 */
public class SecurityProblemMappers {

    @ServerExceptionMapper
    public Response downstreamUnavailable(DownstreamUnavailableException e, UriInfo uri) {
        return unavailable(uri, e.getMessage());
    }

    @ServerExceptionMapper
    public Response circuitOpen(CircuitBreakerOpenException e, UriInfo uri) {
        return unavailable(uri, "A service behind the gateway is failing; calls are paused for a few seconds");
    }

    @ServerExceptionMapper
    public Response timeout(TimeoutException e, UriInfo uri) {
        return unavailable(uri, "A service behind the gateway did not answer in time");
    }

    private static Response unavailable(UriInfo uri, String detail) {
        return ProblemMappers.serviceUnavailable(uri.getPath(), detail + "; try again shortly");
    }
}
