package io.resellhub.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;

import io.resellhub.commons.api.ResellingDtos.BulkRequest;
import io.resellhub.commons.api.ResellingDtos.BulkResponse;
import io.resellhub.gateway.client.CatalogCache;
import io.resellhub.gateway.client.DownstreamClient;
import io.resellhub.gateway.client.Downstreams;
import io.resellhub.gateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Section 4 of the API: enabling tariffs for sale (reselling-service); the catalog (section 5) is {@link CatalogApi}. */
@Path(Relay.API_PREFIX)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Reselling", description = "Enable and disable tariffs for sale; the public storefront catalog")
public class ResellingApi {

    private static final String MESSAGE_BODY = "body is required";

    private final DownstreamClient reselling;
    private final Relay relay;
    private final CatalogCache catalog;

    public ResellingApi(Downstreams downstreams, Relay relay, CatalogCache catalog) {
        this.reselling = downstreams.resellingService();
        this.relay = relay;
        this.catalog = catalog;
    }

    @POST
    @Path("tariffs/enable")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "enableTariffs", summary = "Enable 1..1000 tariffs for sale, one result per id",
            description = "Body {\"ids\":[...],\"allowBelowCost\":false}. Each id succeeds or fails alone: unknown 404;"
                    + " removed or unavailable upstream, or of a deleted module, 409; below its upstream cost 409"
                    + " (/problems/below-cost) unless allowBelowCost is true. Optional \"versions\": {id: version the"
                    + " caller decided on}: a tariff known at another version is refused with 409 /problems/stale-version."
                    + " A malformed id rejects the request (422).")
    @APIResponse(responseCode = "200", description = "One result per distinct id: a status, or the problem it got",
            content = @Content(schema = @Schema(implementation = BulkResponse.class)))
    @APIResponse(responseCode = "422", description = "No ids, more than 1000, or a malformed id")
    public Response enable(@NotNull(message = MESSAGE_BODY) @RequestBody(required = true, content = @Content(
            schema = @Schema(implementation = BulkRequest.class), examples = @ExampleObject(name = "two tariffs",
            value = ApiDocs.ENABLE_EXAMPLE))) JsonNode body, @Context UriInfo uri) {
        return catalogChanged(relay.send(reselling, "POST", uri, body));
    }

    @POST
    @Path("tariffs/disable")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "disableTariffs", summary = "Disable 1..1000 tariffs, one result per id (unknown ids 404)")
    @APIResponse(responseCode = "200", description = "One result per distinct id: a status, or the problem it got",
            content = @Content(schema = @Schema(implementation = BulkResponse.class)))
    @APIResponse(responseCode = "422", description = "No ids, more than 1000, or a malformed id")
    public Response disable(@NotNull(message = MESSAGE_BODY) @RequestBody(required = true, content = @Content(
            schema = @Schema(implementation = BulkRequest.class))) JsonNode body, @Context UriInfo uri) {
        return catalogChanged(relay.send(reselling, "POST", uri, body));
    }

    /**
     * reselling-service committed the change before answering: the gateway's catalog cache serves nothing read
     * before it, so the change shows on the next catalog request through this gateway.
     */
    private Response catalogChanged(Response answer) {
        if (answer.getStatus() == 200) {
            catalog.invalidate();
        }
        return answer;
    }
}
