package io.resellhub.gateway.rest;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.resellhub.gateway.client.CatalogCache;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

/**
 * An enable or disable that passed through this gateway changed the catalog (reselling-service committed it before
 * answering): the gateway's catalog cache serves nothing read before it, so the change shows on the next request.
 */
public class CatalogInvalidation {

    private final CatalogCache cache;

    public CatalogInvalidation(CatalogCache cache) {
        this.cache = cache;
    }

    @ServerResponseFilter
    public void afterCatalogChange(ContainerRequestContext request, ContainerResponseContext response) {
        if ("POST".equals(request.getMethod()) && response.getStatus() == 200) {
            String path = request.getUriInfo().getPath();
            if (path.endsWith("/tariffs/enable") || path.endsWith("/tariffs/disable")) {
                cache.invalidate();
            }
        }
    }
}
