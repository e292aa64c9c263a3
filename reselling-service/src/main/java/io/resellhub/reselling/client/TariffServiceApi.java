package io.resellhub.reselling.client;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/** tariff-service's internal API, as far as enabling needs it. Use {@link TariffServiceClient}. */
@RegisterRestClient(configKey = "tariff-service")
@ClientHeaderParam(name = "Authorization", value = "Bearer ${resellhub.service-token}")
@Path("/tariffs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface TariffServiceApi {

    record IdsRequest(Collection<UUID> ids) {
    }

    record CurrentTariffs(List<CurrentTariff> items) {
    }

    @POST
    @Path("current")
    CurrentTariffs current(IdsRequest request);

    /** Any error answer: this service asked a well-formed question, so tariff-service cannot decide now. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return new TariffServiceUnavailableException("tariff-service answered " + response.getStatus(), null);
    }
}
