package io.resellhub.gateway.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.resellhub.commons.problem.Problem;
import io.resellhub.commons.problem.ProblemMappers;
import io.resellhub.gateway.client.DownstreamUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Gateway-only failures as problems: missing or bad tokens, wrong role, a downstream service down. */
public class SecurityProblemMappers {

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri, "Authentication is required: send Authorization: Bearer <token>");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri, "The bearer token is invalid or expired");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return ProblemMappers.respond(new Problem(Problem.type("forbidden"), "Forbidden", 403,
                "Your role may not do this: changes need the admin role", uri.getPath(), null));
    }

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

    private static Response unauthenticated(UriInfo uri, String detail) {
        Response problem = ProblemMappers.respond(new Problem(Problem.type("unauthorized"), "Unauthorized", 401,
                detail, uri.getPath(), null));
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private static Response unavailable(UriInfo uri, String detail) {
        return Response.fromResponse(ProblemMappers.respond(new Problem(Problem.type("service-unavailable"),
                "Service unavailable", 503, detail + "; try again shortly", uri.getPath(), null)))
                .header(HttpHeaders.RETRY_AFTER, "5").build();
    }
}
