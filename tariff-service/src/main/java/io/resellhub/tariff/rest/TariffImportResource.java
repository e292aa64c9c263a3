package io.resellhub.tariff.rest;

import java.net.URI;
import java.util.UUID;

import io.resellhub.commons.api.TariffDtos.ImportRequest;
import io.resellhub.commons.api.TariffDtos.UpstreamTariffView;
import io.resellhub.commons.api.TariffDtos;
import io.resellhub.commons.paging.Page;
import io.resellhub.commons.paging.PageRequest;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.commons.security.Roles;
import io.resellhub.tariff.domain.ImportJob;
import io.resellhub.tariff.service.ImportJobs;
import io.resellhub.tariff.service.ImportService;
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
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Importing upstream plans as tariffs (background jobs), the dry run, and cost syncs. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TariffImportResource {

    private final ImportService service;
    private final ImportJobs jobs;

    public TariffImportResource(ImportService service, ImportJobs jobs) {
        this.service = service;
        this.jobs = jobs;
    }

    @GET
    @Path("processing-modules/{id}/upstream-tariffs")
    @Operation(summary = "What the module's upstream offers (one fetch), sorted by name, paged, with what is imported")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public Page<UpstreamTariffView> upstreamTariffs(@PathParam("id") UUID moduleId,
            @QueryParam("productType") String productType, @Valid @BeanParam PageRequest page) {
        if (productType != null && !productType.isBlank() && !productType.matches(TariffDtos.PRODUCT_TYPES)) {
            throw TariffResource.badParameter("productType", TariffDtos.PRODUCT_TYPE_MESSAGE);
        }
        var offers = service.upstreamOffers(moduleId, productType);
        var items = offers.stream().skip((long) page.page * page.size).limit(page.size).map(TariffMapper::toView).toList();
        return new Page<>(items, page.page, page.size, offers.size());
    }

    @POST
    @Path("tariff-imports")
    @Operation(summary = "Import plans (omitted or empty upstreamTariffIds: all) as a background job: 202 + Location;"
            + " with dryRun true: 200 with what it would create, which costs change and which plans vanished")
    @RolesAllowed(Roles.ADMIN)
    public Response start(@NotNull @Valid ImportRequest request, @Context UriInfo uriInfo) {
        if (Boolean.TRUE.equals(request.dryRun())) {
            return Response.ok(TariffMapper.toView(service.dryRun(request.processingModuleId(), request.productType(),
                    request.upstreamTariffIds()))).build();
        }
        ImportJob job = service.startImport(request.processingModuleId(), request.productType(),
                request.upstreamTariffIds(), blankToNull(request.provider()));
        return accepted(job, uriInfo);
    }

    @GET
    @Path("tariff-imports/{id}")
    @Operation(summary = "An import or sync job's progress")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public TariffDtos.ImportJobView job(@PathParam("id") UUID id) {
        return TariffMapper.toView(jobs.find(id).orElseThrow(() -> ProblemException.notFound("Tariff import", id)));
    }

    @POST
    @Path("processing-modules/{id}/tariff-sync")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Re-sync the upstream costs of the module's tariffs now, as a job: 202 + Location of the job")
    @RolesAllowed(Roles.ADMIN)
    public Response sync(@PathParam("id") UUID moduleId, @Context UriInfo uriInfo) {
        return accepted(service.startSync(moduleId), uriInfo);
    }

    private static Response accepted(ImportJob job, UriInfo uriInfo) {
        URI location = uriInfo.getBaseUriBuilder().path("tariff-imports").path(job.id.toString()).build();
        return Response.accepted(TariffMapper.toView(job)).location(location).build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
