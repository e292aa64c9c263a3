package io.resellhub.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;

import io.resellhub.gateway.client.DownstreamClient;
import io.resellhub.gateway.client.Downstreams;
import io.resellhub.gateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Section 1 of the API: product types, module types and processing modules (module-service). */
@Path(Relay.API_PREFIX)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Integration setup", description = "Processing modules connect this installation to an upstream"
        + " BILLmanager account. One upstream account must serve one reselling installation only.")
public class IntegrationSetupApi {

    private static final String MESSAGE_BODY = "body is required";

    private final DownstreamClient modules;
    private final Relay relay;

    public IntegrationSetupApi(Downstreams downstreams, Relay relay) {
        this.modules = downstreams.moduleService();
        this.relay = relay;
    }

    @GET
    @Path("product-types")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(summary = "What can be resold")
    public Response productTypes(@Context UriInfo uri) {
        return relay.get(modules, uri);
    }

    @GET
    @Path("module-types")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(summary = "Module types that can serve a product type")
    public Response moduleTypes(@QueryParam("productType") String productType, @Context UriInfo uri) {
        return relay.get(modules, uri);
    }

    @POST
    @Path("processing-modules/check-connection")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Check upstream credentials: 200 with account and balance, or 422 saying what failed")
    public Response checkConnection(@NotNull(message = MESSAGE_BODY) JsonNode body, @Context UriInfo uri) {
        return relay.send(modules, "POST", uri, body);
    }

    @POST
    @Path("processing-modules")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a processing module (the connection is checked first)",
            description = "One upstream account must serve one reselling installation only.")
    public Response create(@NotNull(message = MESSAGE_BODY) JsonNode body, @Context UriInfo uri) {
        return relay.send(modules, "POST", uri, body);
    }

    @GET
    @Path("processing-modules")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(summary = "Processing modules, paged (?page=&size=)")
    public Response list(@Context UriInfo uri) {
        return relay.get(modules, uri);
    }

    @GET
    @Path("processing-modules/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(summary = "One processing module (never its password)")
    public Response get(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.get(modules, uri);
    }

    @PUT
    @Path("processing-modules/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a processing module; an omitted password keeps the stored one")
    public Response update(@PathParam("id") String id, @NotNull(message = MESSAGE_BODY) JsonNode body,
            @Context UriInfo uri) {
        return relay.send(modules, "PUT", uri, body);
    }

    @DELETE
    @Path("processing-modules/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a processing module; 409 while any of its tariffs is enabled")
    public Response delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @Context UriInfo uri) {
        return relay.send(modules, "DELETE", uri, null, ifMatch);
    }

    @GET
    @Path("processing-modules/{id}/balance")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(summary = "The last reading of the module's upstream balance against its minimal balance")
    public Response balance(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.get(modules, uri);
    }

    @POST
    @Path("processing-modules/{id}/balance/check")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Read the module's upstream balance now")
    public Response checkBalance(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.send(modules, "POST", uri, null);
    }

    @GET
    @Path("processing-modules/{id}/alerts")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(summary = "Balance alerts addressed to the module's department, newest first")
    public Response alerts(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.get(modules, uri);
    }
}
