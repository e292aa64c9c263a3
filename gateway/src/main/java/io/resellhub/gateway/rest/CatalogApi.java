package io.resellhub.gateway.rest;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.resellhub.commons.api.ResellingDtos.CatalogItem;
import io.resellhub.commons.paging.Page;
import io.resellhub.gateway.client.CatalogCache;
import io.resellhub.gateway.client.CatalogCache.Answer;
import io.resellhub.gateway.client.DownstreamClient;
import io.resellhub.gateway.client.Downstreams;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Section 5 of the API: the public storefront catalog (reselling-service), served from the gateway's
 * {@link CatalogCache}. An answer the cache holds ready is written by {@link CatalogRoute} before a request gets
 * here; this resource answers the rest (a miss waits for the one downstream call shared by concurrent requests)
 * and is the documented operation. Answers keep reselling-service's {@code ETag}, {@code Cache-Control} and
 * {@code 304}.
 */
@Path(Relay.API_PREFIX)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reselling", description = "Enable and disable tariffs for sale; the public storefront catalog")
public class CatalogApi {

    /** As reselling-service says it: a storefront may keep an answer for the second the contract allows. */
    static final String CACHE_CONTROL = "public, max-age=1";

    private final CatalogCache cache;
    private final DownstreamClient reselling;
    private final Relay relay;

    public CatalogApi(CatalogCache cache, Downstreams downstreams, Relay relay) {
        this.cache = cache;
        this.reselling = downstreams.resellingService();
        this.relay = relay;
    }

    @GET
    @Path("catalog")
    @PermitAll
    @Operation(operationId = "listCatalog",
            summary = "Public storefront catalog: tariffs on sale, paged; selling prices only",
            description = "Filters productType, provider (exact), q (name contains, case-insensitive), period (has a"
                    + " price for it); sort=name (default) or sort=price (by the amount for period, required then)."
                    + " Strong ETag, Cache-Control: public, max-age=1, 304 on If-None-Match; a change shows within a"
                    + " second.")
    @APIResponse(responseCode = "200", description = "A page of tariffs on sale",
            headers = {@Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Cache-Control", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(schema = @Schema(allOf = Page.class, properties = @SchemaProperty(name = "items",
                    type = SchemaType.ARRAY, implementation = CatalogItem.class))))
    @APIResponse(responseCode = "304", description = "Not modified: If-None-Match names the current ETag",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)))
    // The query parameters are declared for the OpenAPI document; reselling-service checks them (400 relayed).
    public CompletionStage<Response> catalog(
            @QueryParam("productType") @Schema(pattern = "[a-z0-9][a-z0-9-]{0,39}") String productType,
            @QueryParam("provider") @Schema(maxLength = 200) String provider,
            @QueryParam("q") @Schema(maxLength = 100) String q,
            @QueryParam("period") @Schema(type = SchemaType.INTEGER) String period,
            @QueryParam("sort") @Schema(enumeration = {"name", "price"}) String sort,
            @QueryParam("page") @Schema(type = SchemaType.INTEGER, minimum = "0") String page,
            @QueryParam("size") @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500") String size,
            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Context UriInfo uri,
            @Context HttpServerRequest request) {
        return answer(uri, request, acceptEncoding, ifNoneMatch);
    }

    @GET
    @Path("catalog/{id}")
    @PermitAll
    @Operation(operationId = "getCatalogItem",
            summary = "One tariff on sale, same shape as a catalog item; 404 when it is not on sale")
    @APIResponse(responseCode = "200", description = "The tariff on sale",
            headers = {@Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Cache-Control", schema = @Schema(type = SchemaType.STRING))},
            content = @Content(schema = @Schema(implementation = CatalogItem.class)))
    @APIResponse(responseCode = "304", description = "Not modified: If-None-Match names the current ETag",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)))
    public CompletionStage<Response> one(@PathParam("id") String id,
            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @Context UriInfo uri,
            @Context HttpServerRequest request) {
        return answer(uri, request, acceptEncoding, ifNoneMatch);
    }

    /** Keyed like {@link CatalogRoute}, which answers from the cache what is ready before a request gets here. */
    private CompletionStage<Response> answer(UriInfo uri, HttpServerRequest request, String acceptEncoding,
            String ifNoneMatch) {
        return cache.get(Relay.downstreamPath(request.path(), request.query())).handle((answer, failure) -> {
            if (failure != null) {
                // Mapped to problem+json like any downstream failure (503).
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
            }
            return respond(answer, uri, acceptEncoding, ifNoneMatch);
        });
    }

    private Response respond(Answer answer, UriInfo uri, String acceptEncoding, String ifNoneMatch) {
        return answer.body() != null ? answer.body().respond(acceptEncoding, ifNoneMatch, CACHE_CONTROL)
                : relay.relay(reselling, answer.other(), uri);
    }
}
