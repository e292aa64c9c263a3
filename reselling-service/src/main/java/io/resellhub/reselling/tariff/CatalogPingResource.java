package io.resellhub.reselling.tariff;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A bare endpoint: the catalog benchmark's baseline for what the HTTP stack alone costs. */
@Path("/internal/ping")
public class CatalogPingResource {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @PermitAll
    public String ping() {
        return "pong";
    }
}
