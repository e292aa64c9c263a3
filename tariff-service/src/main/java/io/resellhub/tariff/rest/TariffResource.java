package io.resellhub.tariff.rest;

import java.util.List;
import java.util.UUID;

import io.resellhub.commons.api.TariffDtos.TariffEdit;
import io.resellhub.commons.api.TariffDtos.TariffModulesEdit;
import io.resellhub.commons.api.TariffDtos.TariffModulesView;
import io.resellhub.commons.api.TariffDtos.TariffView;
import io.resellhub.commons.api.TariffDtos;
import io.resellhub.commons.paging.Page;
import io.resellhub.commons.paging.PageRequest;
import io.resellhub.commons.problem.Problem;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.commons.security.Roles;
import io.resellhub.tariff.domain.TariffStatus;
import io.resellhub.tariff.service.TariffModules;
import io.resellhub.tariff.service.TariffService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The tariff catalog: list, read, and the reseller's edits (name, selling prices). */
@Path("/tariffs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TariffResource {

    private final TariffService service;
    private final TariffModules modules;

    public TariffResource(TariffService service, TariffModules modules) {
        this.service = service;
        this.modules = modules;
    }

    @GET
    @Operation(summary = "Tariffs, paged and sorted by name (sort=name|-name), filtered by product type, module,"
            + " status (enabled|disabled) and text (q: part of the name, or the upstream id)")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public Page<TariffView> list(@QueryParam("productType") String productType,
            @QueryParam("processingModuleId") String processingModuleId, @QueryParam("status") String status,
            @QueryParam("q") String q, @QueryParam("sort") String sort, @Valid @BeanParam PageRequest page) {
        if (productType != null && !productType.isBlank() && !productType.matches(TariffDtos.PRODUCT_TYPES)) {
            throw badParameter("productType", TariffDtos.PRODUCT_TYPE_MESSAGE);
        }
        TariffStatus wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = TariffStatus.fromCode(status).orElseThrow(() -> badParameter("status", "must be enabled or disabled"));
        }
        if (sort != null && !sort.isBlank() && !sort.equals("name") && !sort.equals("-name")) {
            throw badParameter("sort", "must be name or -name");
        }
        var filter = new TariffService.Filter(blankToNull(productType), uuid(processingModuleId), wanted, blankToNull(q),
                "-name".equals(sort));
        return service.list(filter, page.page, page.size).map(TariffMapper::toView);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public TariffView get(@PathParam("id") UUID id) {
        return TariffMapper.toView(service.get(id));
    }

    @PATCH
    @Path("{id}")
    @Operation(summary = "Rename and reprice; 409 on a stale version, 422 on an invalid body or an unknown period;"
            + " 409 /problems/below-cost when an enabled tariff would sell a period below its upstream cost, unless"
            + " allowBelowCost is true")
    @RolesAllowed(Roles.ADMIN)
    public TariffView edit(@PathParam("id") UUID id, @NotNull @Valid TariffEdit edit) {
        List<TariffService.PriceEdit> prices = edit.prices() == null ? null
                : edit.prices().stream().map(p -> new TariffService.PriceEdit(p.period(), p.amount())).toList();
        return TariffMapper.toView(service.edit(id, edit.version(), edit.name(), prices,
                Boolean.TRUE.equals(edit.allowBelowCost())));
    }

    @GET
    @Path("{id}/modules")
    @Operation(summary = "The processing modules that may serve the tariff's orders, each with its upstream plan")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public TariffModulesView modules(@PathParam("id") UUID id) {
        return TariffMapper.toModulesView(modules.get(id));
    }

    @PUT
    @Path("{id}/modules")
    @Operation(summary = "Sets the modules that may serve the tariff (the one it was imported from included); each"
            + " further module's plan is checked upstream (422 when missing, not orderable, in another currency or"
            + " not selling a period of the tariff); the upstream cost becomes the highest among them; 409 on a stale"
            + " version or when an enabled tariff would fall below cost")
    @RolesAllowed(Roles.ADMIN)
    public TariffModulesView setModules(@PathParam("id") UUID id, @NotNull @Valid TariffModulesEdit edit) {
        return TariffMapper.toModulesView(modules.set(id, edit.version(), edit.modules().stream()
                .map(m -> new TariffModules.Choice(m.processingModuleId(), m.upstreamTariffId())).toList()));
    }

    /** 1..1000 tariff ids. */
    public record IdsRequest(
            @NotNull(message = "ids is required")
            @Size(min = 1, max = 1000, message = "ids must hold 1 to 1000 tariff ids")
            List<@NotNull(message = "must be a tariff id") UUID> ids) {
    }

    public record CurrentTariffs(List<TariffView> items) {
    }

    @POST
    @Path("current")
    @Operation(summary = "Internal: the current state of 1..1000 tariffs in one call (unknown ids left out), for"
            + " reselling-service's enable decision")
    @RolesAllowed({Roles.SERVICE, Roles.ADMIN})
    public CurrentTariffs current(@NotNull(message = "body is required") @Valid IdsRequest request) {
        return new CurrentTariffs(service.current(request.ids()).stream().map(TariffMapper::toView).toList());
    }

    private static UUID uuid(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw badParameter("processingModuleId", "must be a processing module id (UUID)");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static ProblemException badParameter(String name, String message) {
        return ProblemException.badRequest("Invalid query parameter " + name,
                List.of(new Problem.FieldError(name, message)));
    }
}
