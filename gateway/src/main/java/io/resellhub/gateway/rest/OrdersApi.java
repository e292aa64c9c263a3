package io.resellhub.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;

import io.resellhub.commons.api.OrderDtos.CreateOrder;
import io.resellhub.commons.api.OrderDtos.OrderDto;
import io.resellhub.commons.api.ResellingDtos.ParkedEvents;
import io.resellhub.commons.api.ResellingDtos.Replayed;
import io.resellhub.commons.paging.Page;
import io.resellhub.gateway.client.DownstreamClient;
import io.resellhub.gateway.client.Downstreams;
import io.resellhub.gateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Section 6 of the API: orders, carried out upstream asynchronously (reselling-service). */
@Path(Relay.API_PREFIX)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Orders", description = "Selling enabled tariffs. An order is accepted at once (202, status pending) and"
        + " carried out upstream in the background; poll the order until it is active or failed.")
public class OrdersApi {

    private static final String MESSAGE_BODY = "body is required";

    private final DownstreamClient reselling;
    private final Relay relay;

    public OrdersApi(Downstreams downstreams, Relay relay) {
        this.reselling = downstreams.resellingService();
        this.relay = relay;
    }

    @POST
    @Path("orders")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createOrder",
            summary = "Order an enabled tariff for a period it sells: 202 + Location, status pending",
            description = "Body {tariffId, period, customerRef, params}. Required params: ssl-certificate → domain;"
                    + " ispsystem-license → ip; ispsystem-module → parentOrderId (an active license order)."
                    + " 422 when a param is missing, the period is not sold or the tariff is unknown;"
                    + " 409 when the tariff is not enabled.")
    @APIResponse(responseCode = "202", description = "Accepted, pending; Location names the order",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(schema = @Schema(implementation = OrderDto.class)))
    @APIResponse(responseCode = "409", description = "/problems/tariff-not-enabled")
    @APIResponse(responseCode = "422", description = "A missing param, an unknown tariff, a period it does not sell")
    public Response create(@NotNull(message = MESSAGE_BODY) @RequestBody(required = true, content = @Content(
            schema = @Schema(implementation = CreateOrder.class), examples = @ExampleObject(name = "certificate",
            value = ApiDocs.ORDER_EXAMPLE))) JsonNode body, @Context UriInfo uri) {
        return relay.send(reselling, "POST", uri, body);
    }

    @GET
    @Path("orders")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(operationId = "listOrders", summary = "Orders, newest first, paged (?status=&customerRef=&page=&size=)")
    @APIResponse(responseCode = "200", description = "A page of orders", content = @Content(schema = @Schema(
            allOf = Page.class, properties = @SchemaProperty(name = "items", type = SchemaType.ARRAY,
                    implementation = OrderDto.class))))
    public Response list(@QueryParam("status") @Schema(enumeration = {"pending", "active", "suspended", "closed",
            "failed"}) String status, @QueryParam("customerRef") String customerRef,
            @QueryParam("page") @Schema(type = SchemaType.INTEGER, minimum = "0") String page,
            @QueryParam("size") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500") String size,
            @Context UriInfo uri) {
        return relay.get(reselling, uri);
    }

    @GET
    @Path("orders/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(operationId = "getOrder", summary = "One order with its upstream state, last action and actions")
    @APIResponse(responseCode = "200", description = "The order",
            content = @Content(schema = @Schema(implementation = OrderDto.class)))
    public Response get(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.get(reselling, uri);
    }

    @POST
    @Path("orders/{id}/renew")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "renewOrder",
            summary = "Renew for one more period (active or suspended orders): 202, or 409. While the module's"
            + " balance is below its minimal balance the renewal waits (lastAction.status waiting-for-balance) and goes"
            + " ahead by itself once the balance is enough; force=true sends it anyway (also one already waiting)")
    @APIResponse(responseCode = "202", description = "Accepted", content = @Content(schema = @Schema(implementation = OrderDto.class)))
    @APIResponse(responseCode = "400", description = "force is not true or false (/problems/bad-request)")
    @APIResponse(responseCode = "409", description = "/problems/action-not-allowed, /problems/action-pending")
    public Response renew(@PathParam("id") String id,
            @QueryParam("force") @Schema(type = SchemaType.BOOLEAN, defaultValue = "false") String force,
            @Context UriInfo uri) {
        return relay.send(reselling, "POST", uri, null);
    }

    @POST
    @Path("orders/{id}/suspend")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "suspendOrder", summary = "Suspend an active order: 202, or 409")
    @APIResponse(responseCode = "202", description = "Accepted", content = @Content(schema = @Schema(implementation = OrderDto.class)))
    @APIResponse(responseCode = "409", description = "/problems/action-not-allowed, /problems/action-pending")
    public Response suspend(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.send(reselling, "POST", uri, null);
    }

    @POST
    @Path("orders/{id}/resume")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "resumeOrder", summary = "Resume a suspended order: 202, or 409")
    @APIResponse(responseCode = "202", description = "Accepted", content = @Content(schema = @Schema(implementation = OrderDto.class)))
    @APIResponse(responseCode = "409", description = "/problems/action-not-allowed, /problems/action-pending")
    public Response resume(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.send(reselling, "POST", uri, null);
    }

    @POST
    @Path("orders/{id}/close")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "closeOrder",
            summary = "Close an active or suspended order upstream (no refund): 202, or 409")
    @APIResponse(responseCode = "202", description = "Accepted", content = @Content(schema = @Schema(implementation = OrderDto.class)))
    @APIResponse(responseCode = "409", description = "/problems/action-not-allowed, /problems/action-pending")
    public Response close(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.send(reselling, "POST", uri, null);
    }

    @GET
    @Path("dead-letters")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "listDeadLetters",
            summary = "Events parked in a dead-letter topic and not replayed yet (?topic=tariffs.dlq&size=)",
            description = "Operators: topic is one of processing-modules.dlq, tariffs.dlq, reselling.dlq,"
                    + " provisioning-requests.dlq, provisioning-results.dlq; each item names the topic it came"
                    + " from and why it was parked.")
    @APIResponse(responseCode = "200", description = "The parked events, oldest first",
            content = @Content(schema = @Schema(implementation = ParkedEvents.class)))
    public Response deadLetters(@QueryParam("topic") @Schema(enumeration = {"processing-modules.dlq", "tariffs.dlq",
            "reselling.dlq", "provisioning-requests.dlq", "provisioning-results.dlq"}) String topic,
            @QueryParam("size") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500") String size,
            @Context UriInfo uri) {
        return relay.get(reselling, uri);
    }

    @POST
    @Path("dead-letters/replay")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "replayDeadLetters",
            summary = "Replay every parked event of a dead-letter topic to the topic it came from (?topic=)",
            description = "Consumers are idempotent: an event applied after all changes nothing. Each parked"
                    + " event is replayed once.")
    @APIResponse(responseCode = "200", description = "How many were replayed",
            content = @Content(schema = @Schema(implementation = Replayed.class)))
    public Response replayDeadLetters(@QueryParam("topic") @Schema(enumeration = {"processing-modules.dlq",
            "tariffs.dlq", "reselling.dlq", "provisioning-requests.dlq", "provisioning-results.dlq"}) String topic,
            @Context UriInfo uri) {
        return relay.send(reselling, "POST", uri, null);
    }
}
