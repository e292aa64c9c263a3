package io.resellhub.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;

import io.resellhub.commons.api.TariffDtos.DryRunView;
import io.resellhub.commons.api.TariffDtos.ImportJobView;
import io.resellhub.commons.api.TariffDtos.ImportRequest;
import io.resellhub.commons.api.TariffDtos.TariffEdit;
import io.resellhub.commons.api.TariffDtos.TariffModulesEdit;
import io.resellhub.commons.api.TariffDtos.TariffModulesView;
import io.resellhub.commons.api.TariffDtos.TariffView;
import io.resellhub.commons.api.TariffDtos.UpstreamTariffView;
import io.resellhub.commons.paging.Page;
import io.resellhub.gateway.client.DownstreamClient;
import io.resellhub.gateway.client.Downstreams;
import io.resellhub.gateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @Operation(operationId = "listUpstreamTariffs",
            summary = "What the module's upstream offers, sorted by name, paged, with imported and tariffId")
    @APIResponse(responseCode = "200", description = "A page of upstream plans", content = @Content(schema = @Schema(
            allOf = Page.class, properties = @SchemaProperty(name = "items", type = SchemaType.ARRAY,
                    implementation = UpstreamTariffView.class))))
    @APIResponse(responseCode = "422", description = "The upstream refused or could not be reached (/problems/upstream-*)")
    public Response upstreamTariffs(@PathParam("id") String id, @QueryParam("productType") String productType,
            @QueryParam("page") @Schema(type = SchemaType.INTEGER, minimum = "0") String page,
            @QueryParam("size") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500") String size, @Context UriInfo uri) {
        return relay.get(tariffs, uri);
    }

    @POST
    @Path("tariff-imports")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "startImport",
            summary = "Import plans as a background job (202 + Location); with dryRun true, 200 with the diff"
            + " (create, costChanges, removedUpstream) and nothing changed")
    @APIResponse(responseCode = "202", description = "The import job, started; Location names it",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(schema = @Schema(implementation = ImportJobView.class)))
    @APIResponse(responseCode = "200", description = "dryRun: what an import would change; nothing changed",
            content = @Content(schema = @Schema(implementation = DryRunView.class)))
    @APIResponse(responseCode = "404", description = "No such processing module (/problems/not-found)")
    @APIResponse(responseCode = "422", description = "Invalid fields; /problems/product-type-not-served;"
            + " the upstream refused or could not be reached (dry run)")
    public Response startImport(@NotNull(message = MESSAGE_BODY) @RequestBody(required = true, content = @Content(
            schema = @Schema(implementation = ImportRequest.class), examples = @ExampleObject(name = "some plans",
            value = ApiDocs.IMPORT_EXAMPLE))) JsonNode body, @Context UriInfo uri) {
        return relay.send(tariffs, "POST", uri, body);
    }

    @GET
    @Path("tariff-imports/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(operationId = "getImportJob",
            summary = "An import or sync job: status, total, processed, created, updated, failed, errors")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(schema = @Schema(implementation = ImportJobView.class)))
    public Response importJob(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.get(tariffs, uri);
    }

    @POST
    @Path("processing-modules/{id}/tariff-sync")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "startTariffSync",
            summary = "Re-sync the upstream costs of the module's tariffs now (202 + Location of the job)")
    @APIResponse(responseCode = "202", description = "The sync job, started; Location names it",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(schema = @Schema(implementation = ImportJobView.class)))
    public Response sync(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.send(tariffs, "POST", uri, null);
    }

    @GET
    @Path("tariffs")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(operationId = "listTariffs",
            summary = "Tariffs, paged, sorted by name; filters productType, processingModuleId,"
            + " status=enabled|disabled, q")
    @APIResponse(responseCode = "200", description = "A page of tariffs", content = @Content(schema = @Schema(
            allOf = Page.class, properties = @SchemaProperty(name = "items", type = SchemaType.ARRAY,
                    implementation = TariffView.class))))
    public Response list(@QueryParam("productType") String productType,
            @QueryParam("processingModuleId") @Schema(format = "uuid") String processingModuleId,
            @QueryParam("status") @Schema(enumeration = {"enabled", "disabled"}) String status,
            @QueryParam("q") String q, @QueryParam("sort") @Schema(enumeration = {"name", "-name"}) String sort,
            @QueryParam("page") @Schema(type = SchemaType.INTEGER, minimum = "0") String page,
            @QueryParam("size") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500") String size, @Context UriInfo uri) {
        return relay.get(tariffs, uri);
    }

    @GET
    @Path("tariffs/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(operationId = "getTariff", summary = "One tariff")
    @APIResponse(responseCode = "200", description = "The tariff",
            content = @Content(schema = @Schema(implementation = TariffView.class)))
    public Response get(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.get(tariffs, uri);
    }

    @PATCH
    @Path("tariffs/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "editTariff",
            summary = "Rename and reprice: 409 on a stale version, 422 on an empty name, a negative or"
            + " over-precise amount, or an unknown period; 409 /problems/below-cost when an enabled tariff would sell"
            + " a period below its upstream cost, unless the body says \"allowBelowCost\": true")
    @APIResponse(responseCode = "200", description = "The tariff as changed",
            content = @Content(schema = @Schema(implementation = TariffView.class)))
    @APIResponse(responseCode = "409", description = "/problems/stale-version, /problems/concurrent-change,"
            + " /problems/below-cost")
    @APIResponse(responseCode = "422", description = "An empty name, a negative or over-precise amount, an unknown period")
    public Response edit(@PathParam("id") String id, @NotNull(message = MESSAGE_BODY) @RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = TariffEdit.class), examples = @ExampleObject(
            name = "reprice", value = ApiDocs.EDIT_EXAMPLE))) JsonNode body, @Context UriInfo uri) {
        return relay.send(tariffs, "PATCH", uri, body);
    }

    @GET
    @Path("tariffs/{id}/modules")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(operationId = "getTariffModules",
            summary = "The processing modules that may serve the tariff's orders (the one it was imported from"
            + " first), each with its upstream plan; an order goes to the first by sort, then name, that can take it")
    @APIResponse(responseCode = "200", description = "The tariff's modules",
            content = @Content(schema = @Schema(implementation = TariffModulesView.class)))
    @APIResponse(responseCode = "404", description = "No such tariff (/problems/not-found)")
    public Response modules(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.get(tariffs, uri);
    }

    @PUT
    @Path("tariffs/{id}/modules")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "setTariffModules",
            summary = "Set the modules that may serve the tariff (the one it was imported from included, with"
            + " version); each further module's plan is checked upstream; the tariff's upstreamCost per period becomes"
            + " the highest among its modules")
    @APIResponse(responseCode = "200", description = "The tariff's modules as set",
            content = @Content(schema = @Schema(implementation = TariffModulesView.class)))
    @APIResponse(responseCode = "404", description = "No such tariff (/problems/not-found)")
    @APIResponse(responseCode = "409", description = "/problems/stale-version; /problems/below-cost when the highest"
            + " cost would put an enabled tariff below its selling price")
    @APIResponse(responseCode = "422", description = "The list leaves out the tariff's own module or names one twice;"
            + " a module that does not exist or serves another product type; a plan that is missing upstream, not"
            + " orderable, in another currency or not selling a period of the tariff")
    public Response setModules(@PathParam("id") String id, @NotNull(message = MESSAGE_BODY) @RequestBody(
            required = true, content = @Content(schema = @Schema(implementation = TariffModulesEdit.class),
            examples = @ExampleObject(name = "two modules", value = ApiDocs.MODULES_EXAMPLE))) JsonNode body,
            @Context UriInfo uri) {
        return relay.send(tariffs, "PUT", uri, body);
    }
}
