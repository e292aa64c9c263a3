package io.resellhub.module.rest;

import java.net.URI;
import java.util.UUID;

import io.resellhub.commons.api.ProcessingModuleDtos.AlertView;
import io.resellhub.commons.api.ProcessingModuleDtos.BalanceView;
import io.resellhub.commons.api.ProcessingModuleDtos.ConnectionCheckRequest;
import io.resellhub.commons.api.ProcessingModuleDtos.ConnectionCheckResult;
import io.resellhub.commons.api.ProcessingModuleDtos.NewProcessingModule;
import io.resellhub.commons.api.ProcessingModuleDtos.ProcessingModuleUpdate;
import io.resellhub.commons.api.ProcessingModuleDtos.ProcessingModuleView;
import io.resellhub.commons.api.ProcessingModuleDtos;
import io.resellhub.commons.paging.Page;
import io.resellhub.commons.paging.PageRequest;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.commons.security.Roles;
import io.resellhub.module.domain.ModuleBalance;
import io.resellhub.module.domain.ModuleType;
import io.resellhub.module.domain.ProcessingModule;
import io.resellhub.module.domain.ProductType;
import io.resellhub.module.service.BalanceWatch;
import io.resellhub.module.service.ProcessingModuleService.ModuleParameters;
import io.resellhub.module.service.ProcessingModuleService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Processing modules (integration setup). One upstream account must serve one reselling
 * installation only; the same account cannot be attached twice for a product type here.
 */
@Path("/processing-modules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProcessingModuleResource {

    private final ProcessingModuleService service;
    private final BalanceWatch balanceWatch;

    public ProcessingModuleResource(ProcessingModuleService service, BalanceWatch balanceWatch) {
        this.service = service;
        this.balanceWatch = balanceWatch;
    }

    @POST
    @Path("check-connection")
    @Operation(summary = "Check upstream credentials without storing anything")
    @RolesAllowed(Roles.ADMIN)
    public ConnectionCheckResult checkConnection(@NotNull @Valid ConnectionCheckRequest request) {
        var check = service.checkConnection(request.integration().url(), request.integration().username(),
                request.integration().password());
        return new ConnectionCheckResult(true, check.account(),
                ProcessingModuleMapper.amount(check.balance().balance(), check.balance().currency()),
                check.balance().currency());
    }

    @POST
    @Operation(summary = "Create a processing module; the upstream connection is checked first",
            description = ProcessingModuleDtos.ONE_ACCOUNT_NOTICE)
    @RolesAllowed(Roles.ADMIN)
    public Response create(@NotNull @Valid NewProcessingModule request, @Context UriInfo uriInfo) {
        ProcessingModule module = service.create(new ModuleParameters(productType(request.productType()),
                moduleType(request.moduleType()), request.integration().url(), request.integration().username(),
                request.integration().password(), request.name(), request.dataCenter(), request.department(),
                request.sort() == null ? 0 : request.sort(), request.minimalBalance()));
        URI location = uriInfo.getAbsolutePathBuilder().path(module.id.toString()).build();
        return Response.created(location).entity(ProcessingModuleMapper.toView(module)).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public Page<ProcessingModuleView> list(@Valid @BeanParam PageRequest page) {
        return service.list(page.page, page.size).map(ProcessingModuleMapper::toView);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN, Roles.SERVICE})
    public ProcessingModuleView get(@PathParam("id") UUID id) {
        return ProcessingModuleMapper.toView(service.get(id));
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change a module; an omitted password keeps the stored one")
    @RolesAllowed(Roles.ADMIN)
    public ProcessingModuleView update(@PathParam("id") UUID id, @NotNull @Valid ProcessingModuleUpdate request) {
        return ProcessingModuleMapper.toView(service.update(id, request.version(), new ModuleParameters(
                productType(request.productType()), moduleType(request.moduleType()), request.integration().url(),
                request.integration().username(), request.integration().password(), request.name(),
                request.dataCenter(), request.department(), request.sort() == null ? 0 : request.sort(),
                request.minimalBalance())));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a module; refused (409) while any of its tariffs is enabled for sale")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        service.delete(id, version(ifMatch));
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/balance")
    @Operation(summary = "The last reading of the module's upstream balance (read now if there is none)")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public BalanceView balance(@PathParam("id") UUID id) {
        ProcessingModule module = service.get(id);
        ModuleBalance reading = ModuleBalance.findById(id);
        if (reading == null || reading.balance == null) {
            reading = balanceWatch.check(id);
        }
        return ProcessingModuleMapper.toView(reading, module);
    }

    @POST
    @Path("{id}/balance/check")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Read the module's upstream balance now")
    @RolesAllowed(Roles.ADMIN)
    public BalanceView checkBalance(@PathParam("id") UUID id) {
        ProcessingModule module = service.get(id);
        return ProcessingModuleMapper.toView(balanceWatch.check(id), module);
    }

    @GET
    @Path("{id}/alerts")
    @Operation(summary = "Balance alerts addressed to the module's department, newest first")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public Page<AlertView> alerts(@PathParam("id") UUID id, @Valid @BeanParam PageRequest page) {
        return service.alerts(id, page.page, page.size).map(ProcessingModuleMapper::toView);
    }

    private static ProductType productType(String code) {
        return ProductType.fromCode(code).orElseThrow(() -> ProblemException.invalid("productType", "unknown"));
    }

    private static ModuleType moduleType(String code) {
        return ModuleType.fromCode(code).orElseThrow(() -> ProblemException.invalid("moduleType", "unknown"));
    }

    private static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(ifMatch.replace("W/", "").replace("\"", "").strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("If-Match must be the module's version, e.g. \"3\"", null);
        }
    }
}
