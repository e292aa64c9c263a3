package io.resellhub.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;

import io.resellhub.gateway.client.DownstreamClient;
import io.resellhub.gateway.client.Downstreams;
import io.resellhub.gateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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

/** Sections 2 and 3 of the API: importing upstream plans and editing tariffs (tariff-service). */
@Path(Relay.API_PREFIX)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Tariff catalog", description = "Upstream plans imported as tariffs: the reseller's name and selling"
        + " prices per period next to the upstream cost.")
public class TariffCatalogApi {

    private static final String MESSAGE_BODY = "body is required";

    private final DownstreamClient tariffs;
    private final Relay relay;

    public TariffCatalogApi(Downstreams downstreams, Relay relay) {
        this.tariffs = downstreams.tariffService();
        this.relay = relay;
    }

    @GET
    @Path("processing-modules/{id}/upstream-tariffs")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(summary = "What the module's upstream offers, sorted by name, paged, with imported and tariffId")
    public Response upstreamTariffs(@PathParam("id") String id, @QueryParam("productType") String productType,
            @Context UriInfo uri) {
        return relay.get(tariffs, uri);
    }

    @POST
    @Path("tariff-imports")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Import plans as a background job (202 + Location); with dryRun true, 200 with the diff"
            + " (create, costChanges, removedUpstream) and nothing changed")
    public Response startImport(@NotNull(message = MESSAGE_BODY) JsonNode body, @Context UriInfo uri) {
        return relay.send(tariffs, "POST", uri, body);
    }

    @GET
    @Path("tariff-imports/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(summary = "An import or sync job: status, total, processed, created, updated, failed, errors")
    public Response importJob(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.get(tariffs, uri);
    }

    @POST
    @Path("processing-modules/{id}/tariff-sync")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Re-sync the upstream costs of the module's tariffs now (202 + Location of the job)")
    public Response sync(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.send(tariffs, "POST", uri, null);
    }

    @GET
    @Path("tariffs")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(summary = "Tariffs, paged, sorted by name; filters productType, processingModuleId,"
            + " status=enabled|disabled, q")
    public Response list(@Context UriInfo uri) {
        return relay.get(tariffs, uri);
    }

    @GET
    @Path("tariffs/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(summary = "One tariff")
    public Response get(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.get(tariffs, uri);
    }

    @PATCH
    @Path("tariffs/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Rename and reprice: 409 on a stale version, 422 on an empty name, a negative or"
            + " over-precise amount, or an unknown period; 409 /problems/below-cost when an enabled tariff would sell"
            + " a period below its upstream cost, unless the body says \"allowBelowCost\": true")
    public Response edit(@PathParam("id") String id, @NotNull(message = MESSAGE_BODY) JsonNode body,
            @Context UriInfo uri) {
        return relay.send(tariffs, "PATCH", uri, body);
    }
}
