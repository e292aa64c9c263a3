package io.resellhub.reselling.rest;

import java.util.List;
import java.util.UUID;

import io.resellhub.commons.paging.PageRequest;
import io.resellhub.commons.problem.Problem;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.reselling.service.CatalogPages;
import io.resellhub.reselling.service.CatalogPages.Query;
import io.resellhub.reselling.service.CatalogPages.Sort;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The public storefront catalog: tariffs on sale with their selling prices, as bytes encoded once per catalog
 * version, with a strong ETag ({@code 304} on {@code If-None-Match}) and {@code Cache-Control: public, max-age=1}.
 */
@Path("/catalog")
@PermitAll // the storefront catalog is public
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    /** Storefronts and the gateway may keep an answer for the second within which the catalog must show a change. */
    public static final String CACHE_CONTROL = "public, max-age=1";

    private final CatalogPages catalog;

    public CatalogResource(CatalogPages catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "Tariffs on sale, paged; selling prices only",
            description = "Filters: productType, provider (exact), q (name contains, case-insensitive), period (has a"
                    + " price for it). sort=name (default, case-insensitive) or sort=price (by the amount for period,"
                    + " which is then required).")
    public Response catalog(
            @QueryParam("productType") @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}",
                    message = "productType must be a product type code such as ssl-certificate") String productType,
            @QueryParam("provider") @Size(max = 200, message = "provider must be at most 200 characters") String provider,
            @QueryParam("q") @Size(max = 100, message = "q must be at most 100 characters") String q,
            @QueryParam("period") @Pattern(regexp = "-?[0-9]{1,9}",
                    message = "period must be a period code such as 12 or -50") String period,
            @QueryParam("sort") @Pattern(regexp = "name|price", message = "sort must be name or price") String sort,
            @BeanParam @Valid PageRequest page,
            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Sort order = "price".equals(sort) ? Sort.PRICE : Sort.NAME;
        Integer periodCode = period == null || period.isEmpty() ? null : Integer.valueOf(period);
        if (order == Sort.PRICE && periodCode == null) {
            throw ProblemException.badRequest("sort=price orders by the amount for one period: name it",
                    List.of(new Problem.FieldError("period", "period is required with sort=price")));
        }
        Query query = new Query(blankToNull(productType), blankToNull(provider), q, periodCode, order);
        return catalog.page(query, page.page, page.size).respond(acceptEncoding, ifNoneMatch, CACHE_CONTROL);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One tariff on sale, same shape as a catalog item; 404 when it is not on sale")
    public Response one(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        UUID tariffId;
        try {
            tariffId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notOnSale(id);
        }
        return catalog.one(tariffId).orElseThrow(() -> notOnSale(id))
                .respond(acceptEncoding, ifNoneMatch, CACHE_CONTROL);
    }

    private static ProblemException notOnSale(String id) {
        return new ProblemException("not-found", "Not found", 404, "Tariff " + id + " is not on sale");
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
