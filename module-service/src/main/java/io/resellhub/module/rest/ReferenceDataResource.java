package io.resellhub.module.rest;

import java.util.Arrays;
import java.util.List;

import io.resellhub.commons.api.ProcessingModuleDtos.ModuleTypeView;
import io.resellhub.commons.api.ProcessingModuleDtos.ProductTypeView;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.commons.security.Roles;
import io.resellhub.module.domain.ModuleType;
import io.resellhub.module.domain.ProductType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** What can be resold and which module types can serve it. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ReferenceDataResource {

    @GET
    @Path("product-types")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public List<ProductTypeView> productTypes() {
        return Arrays.stream(ProductType.values()).map(t -> new ProductTypeView(t.code(), t.title())).toList();
    }

    @GET
    @Path("module-types")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public List<ModuleTypeView> moduleTypes(@QueryParam("productType") String productType) {
        ProductType type = null;
        if (productType != null && !productType.isBlank()) {
            type = ProductType.fromCode(productType).orElseThrow(() -> ProblemException.badRequest(
                    "Unknown product type '" + productType + "'", List.of(new io.resellhub.commons.problem.Problem.FieldError(
                            "productType", "must be one of ispsystem-license, ispsystem-module, ssl-certificate"))));
        }
        ProductType wanted = type;
        return Arrays.stream(ModuleType.values()).filter(m -> wanted == null || m.serves(wanted))
                .map(m -> new ModuleTypeView(m.code(), m.title(), m.integrationFields())).toList();
    }
}
