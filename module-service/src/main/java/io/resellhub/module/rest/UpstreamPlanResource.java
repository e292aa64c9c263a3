package io.resellhub.module.rest;

import java.util.List;
import java.util.UUID;

import io.resellhub.commons.security.Roles;
import io.resellhub.module.service.UpstreamPlans;
import io.resellhub.module.upstream.UpstreamPlan;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Internal (for tariff-service): the upstream price list of a module, fetched once, whole. */
@Path("/processing-modules/{id}/upstream-plans")
@Produces(MediaType.APPLICATION_JSON)
public class UpstreamPlanResource {

    private final UpstreamPlans plans;

    public UpstreamPlanResource(UpstreamPlans plans) {
        this.plans = plans;
    }

    public record PriceView(int period, String cost) {
    }

    public record PlanView(String upstreamId, String name, String productType, boolean available, String currency,
            List<PriceView> prices, String description) {
    }

    @GET
    @Operation(summary = "Every plan the module's upstream account can buy for the product type (one upstream fetch)")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN, Roles.SERVICE})
    public List<PlanView> list(@PathParam("id") UUID id, @QueryParam("productType") String productType) {
        return plans.list(id, productType).stream().map(UpstreamPlanResource::toView).toList();
    }

    private static PlanView toView(UpstreamPlan plan) {
        return new PlanView(plan.id(), plan.name(), plan.productType(), plan.available(), plan.currency(),
                plan.prices().stream().map(p -> new PriceView(p.period(), p.cost().toPlainString())).toList(),
                plan.description());
    }
}
