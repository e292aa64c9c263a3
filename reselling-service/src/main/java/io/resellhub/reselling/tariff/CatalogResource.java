package io.resellhub.reselling.tariff;

import io.resellhub.commons.api.ResellingDtos.CatalogItem;
import io.resellhub.commons.paging.Page;
import io.resellhub.commons.paging.PageRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The public storefront catalog: enabled tariffs with their selling prices, sorted by name. */
@Path("/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private final CatalogQuery catalog;

    public CatalogResource(CatalogQuery catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "Enabled tariffs, paged, sorted by name; selling prices only")
    public Page<CatalogItem> catalog(
            @QueryParam("productType") @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}",
                    message = "productType must be a product type code such as ssl-certificate") String productType,
            @BeanParam @Valid PageRequest page) {
        return catalog.page(productType == null || productType.isEmpty() ? null : productType, page.page, page.size);
    }
}
