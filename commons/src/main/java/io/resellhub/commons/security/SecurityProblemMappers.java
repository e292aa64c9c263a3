package io.resellhub.commons.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.resellhub.commons.problem.Problem;
import io.resellhub.commons.problem.ProblemMappers;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Missing or bad tokens and a wrong role as problems, the same in the gateway and every service (each sets
 * {@code quarkus.http.auth.proactive=false} so authentication happens inside JAX-RS and reaches these).
 */
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

    private static Response unauthenticated(UriInfo uri, String detail) {
        Response problem = ProblemMappers.respond(new Problem(Problem.type("unauthorized"), "Unauthorized", 401,
                detail, uri.getPath(), null));
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
