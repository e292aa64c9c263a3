package io.resellhub.tariff.client;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.resellhub.commons.problem.Problem;
import io.resellhub.commons.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/**
 * module-service's internal API, as far as the catalog needs it. Use {@link ModuleServiceClient}. Calls go on
 * tariff-service's own account (role {@code service}: import jobs and cost syncs run with no caller at hand).
 */
@RegisterRestClient(configKey = "module-service")
@ClientHeaderParam(name = "Authorization", value = "Bearer ${resellhub.service-token}")
@Path("/processing-modules")
@Produces(MediaType.APPLICATION_JSON)
interface ModuleServiceApi {

    @GET
    @Path("{id}")
    ModuleInfo module(@PathParam("id") String id);

    @GET
    @Path("{id}/upstream-plans")
    List<UpstreamPlan> upstreamPlans(@PathParam("id") String id, @QueryParam("productType") String productType);

    /** 4xx problems are the caller's (passed on as they are); anything else is module-service failing. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        int status = response.getStatus();
        if (status >= 400 && status < 500) {
            Problem problem = readProblem(response);
            return new ProblemException(problem);
        }
        return new ModuleServiceUnavailableException("module-service answered " + status, null);
    }

    private static Problem readProblem(Response response) {
        int status = response.getStatus();
        try {
            String body = response.readEntity(String.class);
            Problem problem = new ObjectMapper().readValue(body, Problem.class);
            if (problem != null && problem.type() != null) {
                return new Problem(problem.type(), problem.title(), status, problem.detail(), null, problem.errors());
            }
        } catch (Exception e) {
            // not a problem body: described below
        }
        return new Problem(Problem.type(status == 404 ? "not-found" : "module-service-rejected"),
                status == 404 ? "Not found" : "Rejected by module-service", status,
                "module-service answered " + status, null, null);
    }
}
