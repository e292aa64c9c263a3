package io.resellhub.tariff.rest;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.quarkus.logging.Log;
import io.resellhub.commons.problem.Problem;
import io.resellhub.commons.problem.ProblemMappers;
import io.resellhub.tariff.client.ModuleServiceUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** module-service down, slow or behind an open breaker: 503 with a problem body, never a 500. */
public class DownstreamProblemMappers {

    @ServerExceptionMapper
    public Response unavailable(ModuleServiceUnavailableException e, UriInfo uri) {
        return unavailable(uri, e.getMessage());
    }

    @ServerExceptionMapper
    public Response timeout(TimeoutException e, UriInfo uri) {
        return unavailable(uri, "module-service did not answer in time");
    }

    @ServerExceptionMapper
    public Response open(CircuitBreakerOpenException e, UriInfo uri) {
        return unavailable(uri, "module-service is failing; calls are paused for a few seconds");
    }

    private static Response unavailable(UriInfo uri, String detail) {
        Log.warnf("503 %s: %s", uri.getPath(), detail);
        return ProblemMappers.respond(new Problem(Problem.type("module-service-unavailable"), "Service unavailable", 503,
                detail + "; try again later", uri.getPath(), null));
    }
}
