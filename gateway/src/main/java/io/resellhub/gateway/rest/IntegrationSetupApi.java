package io.resellhub.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;

import io.resellhub.commons.api.ProcessingModuleDtos.AlertView;
import io.resellhub.commons.api.ProcessingModuleDtos.BalanceView;
import io.resellhub.commons.api.ProcessingModuleDtos.ConnectionCheckRequest;
import io.resellhub.commons.api.ProcessingModuleDtos.ConnectionCheckResult;
import io.resellhub.commons.api.ProcessingModuleDtos.ModuleTypeView;
import io.resellhub.commons.api.ProcessingModuleDtos.NewProcessingModule;
import io.resellhub.commons.api.ProcessingModuleDtos.ProcessingModuleUpdate;
import io.resellhub.commons.api.ProcessingModuleDtos.ProcessingModuleView;
import io.resellhub.commons.api.ProcessingModuleDtos.ProductTypeView;
import io.resellhub.commons.paging.Page;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @Operation(operationId = "listProductTypes", summary = "What can be resold")
    @APIResponse(responseCode = "200", description = "The product types",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ProductTypeView.class)))
    public Response productTypes(@Context UriInfo uri) {
        return relay.get(modules, uri);
    }

    @GET
    @Path("module-types")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(operationId = "listModuleTypes", summary = "Module types that can serve a product type")
    @APIResponse(responseCode = "200", description = "The module types",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ModuleTypeView.class)))
    public Response moduleTypes(@QueryParam("productType") String productType, @Context UriInfo uri) {
        return relay.get(modules, uri);
    }

    @POST
    @Path("processing-modules/check-connection")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "checkConnection",
            summary = "Check upstream credentials: 200 with account and balance, or 422 saying what failed")
    @APIResponse(responseCode = "200", description = "The upstream accepted the credentials",
            content = @Content(schema = @Schema(implementation = ConnectionCheckResult.class)))
    @APIResponse(responseCode = "422", description = "Invalid fields, or the upstream"
            + " refused or could not be reached: /problems/upstream-authentication, -permission, -not-billmanager,"
            + " -unreachable, -timeout, -error")
    public Response checkConnection(@NotNull(message = MESSAGE_BODY) @RequestBody(required = true, content = @Content(
            schema = @Schema(implementation = ConnectionCheckRequest.class))) JsonNode body, @Context UriInfo uri) {
        return relay.send(modules, "POST", uri, body);
    }

    @POST
    @Path("processing-modules")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createProcessingModule",
            summary = "Create a processing module (the connection is checked first)",
            description = "One upstream account must serve one reselling installation only.")
    @APIResponse(responseCode = "201", description = "Created; Location names it",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(schema = @Schema(implementation = ProcessingModuleView.class)))
    @APIResponse(responseCode = "409",
            description = "/problems/upstream-account-in-use: another module already uses this upstream account")
    @APIResponse(responseCode = "422",
            description = "Invalid fields, or the connection check failed (/problems/upstream-*)")
    public Response create(@NotNull(message = MESSAGE_BODY) @RequestBody(required = true, content = @Content(
            schema = @Schema(implementation = NewProcessingModule.class), examples = @ExampleObject(name = "ssl",
            value = ApiDocs.NEW_MODULE_EXAMPLE))) JsonNode body, @Context UriInfo uri) {
        return relay.send(modules, "POST", uri, body);
    }

    @GET
    @Path("processing-modules")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(operationId = "listProcessingModules", summary = "Processing modules, paged (?page=&size=)")
    @APIResponse(responseCode = "200", description = "A page of modules", content = @Content(schema = @Schema(
            allOf = Page.class, properties = @SchemaProperty(name = "items", type = SchemaType.ARRAY,
                    implementation = ProcessingModuleView.class))))
    public Response list(@QueryParam("page") @Schema(type = SchemaType.INTEGER, minimum = "0") String page,
            @QueryParam("size") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500") String size, @Context UriInfo uri) {
        return relay.get(modules, uri);
    }

    @GET
    @Path("processing-modules/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(operationId = "getProcessingModule", summary = "One processing module (never its password)")
    @APIResponse(responseCode = "200", description = "The module",
            content = @Content(schema = @Schema(implementation = ProcessingModuleView.class)))
    public Response get(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.get(modules, uri);
    }

    @PUT
    @Path("processing-modules/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "updateProcessingModule",
            summary = "Change a processing module; an omitted password keeps the stored one")
    @APIResponse(responseCode = "200", description = "The module as changed",
            content = @Content(schema = @Schema(implementation = ProcessingModuleView.class)))
    @APIResponse(responseCode = "409", description = "/problems/stale-version,"
            + " /problems/concurrent-change or /problems/upstream-account-in-use")
    @APIResponse(responseCode = "422", description = "Invalid fields; a new url or"
            + " username without integration.password; the connection check failed")
    public Response update(@PathParam("id") String id, @NotNull(message = MESSAGE_BODY) @RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = ProcessingModuleUpdate.class))) JsonNode body,
            @Context UriInfo uri) {
        return relay.send(modules, "PUT", uri, body);
    }

    @DELETE
    @Path("processing-modules/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "deleteProcessingModule",
            summary = "Delete a processing module; 409 while any of its tariffs is enabled")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409",
            description = "/problems/module-in-use while a tariff is enabled; /problems/stale-version")
    public Response delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @Context UriInfo uri) {
        return relay.send(modules, "DELETE", uri, null, ifMatch);
    }

    @GET
    @Path("processing-modules/{id}/balance")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(operationId = "getBalance",
            summary = "The last reading of the module's upstream balance against its minimal balance")
    @APIResponse(responseCode = "200", description = "The balance",
            content = @Content(schema = @Schema(implementation = BalanceView.class)))
    public Response balance(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.get(modules, uri);
    }

    @POST
    @Path("processing-modules/{id}/balance/check")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "checkBalance", summary = "Read the module's upstream balance now")
    @APIResponse(responseCode = "200", description = "The balance just read",
            content = @Content(schema = @Schema(implementation = BalanceView.class)))
    public Response checkBalance(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.send(modules, "POST", uri, null);
    }

    @GET
    @Path("processing-modules/{id}/alerts")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(operationId = "listAlerts",
            summary = "Balance alerts addressed to the module's department, newest first")
    @APIResponse(responseCode = "200", description = "A page of alerts", content = @Content(schema = @Schema(
            allOf = Page.class, properties = @SchemaProperty(name = "items", type = SchemaType.ARRAY,
                    implementation = AlertView.class))))
    public Response alerts(@PathParam("id") String id, @QueryParam("page") @Schema(type = SchemaType.INTEGER, minimum = "0") String page,
            @QueryParam("size") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500") String size, @Context UriInfo uri) {
        return relay.get(modules, uri);
    }
}
