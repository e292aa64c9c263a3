package io.resellhub.reselling.rest;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.logging.Log;
import io.resellhub.commons.api.OrderDtos;
import io.resellhub.commons.paging.Page;
import io.resellhub.commons.paging.PageRequest;
import io.resellhub.commons.problem.Problem;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.commons.problem.ProblemMappers;
import io.resellhub.commons.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
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
import io.resellhub.reselling.service.OrderIntake;
import io.resellhub.reselling.service.OrderService;
import io.resellhub.reselling.domain.CustomerOrder;

/** Orders (gateway-api.md section 6): accepted at once (202), carried out upstream by the provisioning saga. */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrderResource {

    private final OrderService service;
    private final OrderIntake intake;

    public OrderResource(OrderService service, OrderIntake intake) {
        this.service = service;
        this.intake = intake;
    }

    /** Too many placements waiting on this replica: 503 with Retry-After, nothing placed. */
    @ServerExceptionMapper
    public Response busy(OrderIntake.Busy e, UriInfo uri) {
        Log.warnf("503 %s: %s", uri.getPath(), e.getMessage());
        return ProblemMappers.serviceUnavailable(uri.getPath(), "Too many orders are being placed at the moment;"
                + " nothing was placed, try again shortly");
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@NotNull(message = "body is required") @Valid OrderDtos.CreateOrder body,
            @Context UriInfo uri) {
        CustomerOrder order = intake.admit(
                () -> service.place(body.tariffId(), body.period(), body.customerRef().trim(), body.params()));
        return Response.accepted(OrderMapper.toDto(order, null))
                .location(uri.getBaseUriBuilder().path("orders").path(order.id.toString()).build()).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public Page<OrderDtos.OrderDto> list(@QueryParam("status") String status,
            @QueryParam("customerRef") String customerRef, @BeanParam @Valid PageRequest page) {
        return service.list(status(status), customerRef, page.page, page.size).map(o -> OrderMapper.toDto(o, null));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public OrderDtos.OrderDto get(@PathParam("id") UUID id) {
        return OrderMapper.toDto(service.get(id), service.history(id));
    }

    @POST
    @Path("{id}/renew")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Response renew(@PathParam("id") UUID id, @QueryParam("force") String force) {
        return Response.accepted(OrderMapper.toDto(service.act(id, CustomerOrder.RENEW, force(force)), null)).build();
    }

    /** {@code force=true|false} (absent: false); anything else is a 400 naming the parameter. */
    private static boolean force(String force) {
        if (force == null || force.isBlank() || force.equalsIgnoreCase("false")) {
            return false;
        }
        if (force.equalsIgnoreCase("true")) {
            return true;
        }
        throw ProblemException.badRequest("Invalid query parameter force", List.of(new Problem.FieldError("force",
                "must be true or false")));
    }

    @POST
    @Path("{id}/suspend")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Response suspend(@PathParam("id") UUID id) {
        return act(id, CustomerOrder.SUSPEND);
    }

    @POST
    @Path("{id}/resume")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Response resume(@PathParam("id") UUID id) {
        return act(id, CustomerOrder.RESUME);
    }

    @POST
    @Path("{id}/close")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public Response close(@PathParam("id") UUID id) {
        return act(id, CustomerOrder.CLOSE);
    }

    private Response act(UUID id, String action) {
        return Response.accepted(OrderMapper.toDto(service.act(id, action), null)).build();
    }

    private static CustomerOrder.Status status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return CustomerOrder.Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("Unknown status '" + status + "'", List.of(new Problem.FieldError(
                    "status", "must be one of " + Arrays.stream(CustomerOrder.Status.values())
                            .map(CustomerOrder.Status::code).toList())));
        }
    }
}
