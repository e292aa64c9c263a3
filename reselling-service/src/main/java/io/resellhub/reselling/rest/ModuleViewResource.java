package io.resellhub.reselling.rest;

import java.util.UUID;

import io.resellhub.commons.problem.ProblemException;
import io.resellhub.commons.security.Roles;
import io.resellhub.reselling.domain.ModuleView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Internal: what this service has learned about a processing module from events (for diagnosis). */
@Path("/internal/modules")
@Produces(MediaType.APPLICATION_JSON)
public class ModuleViewResource {

    public record ModuleViewDto(String id, String productType, String name, int sort, boolean deleted, long version) {
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public ModuleViewDto get(@PathParam("id") UUID id) {
        ModuleView view = ModuleView.<ModuleView>findByIdOptional(id)
                .orElseThrow(() -> ProblemException.notFound("Processing module", id));
        return new ModuleViewDto(view.id.toString(), view.productType, view.name, view.sort, view.deleted, view.version);
    }
}
