package io.resellhub.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;

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
    @Operation(summary = "Order an enabled tariff for a period it sells: 202 + Location, status pending",
            description = "Body {tariffId, period, customerRef, params}. Required params: ssl-certificate → domain;"
                    + " ispsystem-license → ip; ispsystem-module → parentOrderId (an active license order)."
                    + " 422 when a param is missing, the period is not sold or the tariff is unknown;"
                    + " 409 when the tariff is not enabled.")
    public Response create(@NotNull(message = MESSAGE_BODY) JsonNode body, @Context UriInfo uri) {
        return relay.send(reselling, "POST", uri, body);
    }

    @GET
    @Path("orders")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(summary = "Orders, newest first, paged (?status=&customerRef=&page=&size=)")
    public Response list(@QueryParam("status") String status, @QueryParam("customerRef") String customerRef,
            @Context UriInfo uri) {
        return relay.get(reselling, uri);
    }

    @GET
    @Path("orders/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(summary = "One order with its upstream state and last action")
    public Response get(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.get(reselling, uri);
    }

    @POST
    @Path("orders/{id}/renew")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Renew for one more period (active or suspended orders): 202, or 409")
    public Response renew(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.send(reselling, "POST", uri, null);
    }

    @POST
    @Path("orders/{id}/suspend")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Suspend an active order: 202, or 409")
    public Response suspend(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.send(reselling, "POST", uri, null);
    }

    @POST
    @Path("orders/{id}/resume")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Resume a suspended order: 202, or 409")
    public Response resume(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.send(reselling, "POST", uri, null);
    }

    @POST
    @Path("orders/{id}/close")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Close an active or suspended order upstream (no refund): 202, or 409")
    public Response close(@PathParam("id") String id, @Context UriInfo uri) {
        return relay.send(reselling, "POST", uri, null);
    }

    @GET
    @Path("dead-letters")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Events parked in a dead-letter topic and not replayed yet (?topic=tariffs.dlq&size=)",
            description = "Operators: topic is one of processing-modules.dlq, tariffs.dlq, reselling.dlq,"
                    + " provisioning-requests.dlq, provisioning-results.dlq; each item names the topic it came"
                    + " from and why it was parked.")
    public Response deadLetters(@QueryParam("topic") String topic, @Context UriInfo uri) {
        return relay.get(reselling, uri);
    }

    @POST
    @Path("dead-letters/replay")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replay every parked event of a dead-letter topic to the topic it came from (?topic=)",
            description = "Consumers are idempotent: an event applied after all changes nothing. Each parked"
                    + " event is replayed once.")
    public Response replayDeadLetters(@QueryParam("topic") String topic, @Context UriInfo uri) {
        return relay.send(reselling, "POST", uri, null);
    }
}
