package io.resellhub.reselling.rest;

import java.util.UUID;

import io.resellhub.commons.api.ResellingDtos.BulkRequest;
import io.resellhub.commons.api.ResellingDtos.BulkResponse;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.commons.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import io.resellhub.reselling.service.TariffResellingService;
import io.resellhub.reselling.repository.TariffStore;

/** Enable and disable tariffs for sale, in bulk, with one result per id. */
@Path("/tariffs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TariffResellingResource {

    private final TariffResellingService service;
    private final TariffStore store;

    public TariffResellingResource(TariffResellingService service, TariffStore store) {
        this.service = service;
        this.store = store;
    }

    @POST
    @Path("enable")
    @Operation(summary = "Enable 1..1000 tariffs for sale; one result per distinct id",
            description = "Unknown ids fail with 404; removed or unavailable upstream, or of a deleted module, with 409;"
                    + " a tariff priced below its upstream cost with 409 /problems/below-cost unless allowBelowCost is"
                    + " true; with versions, a tariff at another version than the caller's with 409"
                    + " /problems/stale-version. Decided on tariff-service's current state (503 when it cannot be"
                    + " asked). Enabling an enabled tariff succeeds and changes nothing.")
    @RolesAllowed(Roles.ADMIN)
    public BulkResponse enable(@Valid @NotNull(message = "body is required") BulkRequest body) {
        return new BulkResponse(service.enable(body.uuids(), Boolean.TRUE.equals(body.allowBelowCost()),
                body.expectedVersions()));
    }

    @POST
    @Path("disable")
    @Operation(summary = "Disable 1..1000 tariffs; one result per distinct id (unknown ids fail with 404)")
    @RolesAllowed(Roles.ADMIN)
    public BulkResponse disable(@Valid @NotNull(message = "body is required") BulkRequest body) {
        return new BulkResponse(service.disable(body.uuids()));
    }

    @GET
    @Path("{id}/reselling-state")
    @Operation(summary = "Internal: what this service knows and decided about one tariff")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public TariffStore.ResellingState state(@PathParam("id") UUID id) {
        return store.resellingState(id).orElseThrow(() -> ProblemException.notFound("Tariff", id));
    }
}
