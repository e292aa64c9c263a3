package io.resellhub.reselling.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.resellhub.commons.problem.ProblemException;
import io.resellhub.commons.security.Roles;
import io.resellhub.reselling.service.TariffResellingService.Result;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import io.resellhub.reselling.service.TariffResellingService;
import io.resellhub.reselling.repository.TariffStore;

/** Enable and disable tariffs for sale, in bulk, with one result per id. */
@Path("/tariffs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TariffResellingResource {

    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    static final int MAX_IDS = 1000;

    private final TariffResellingService service;
    private final TariffStore store;

    public TariffResellingResource(TariffResellingService service, TariffStore store) {
        this.service = service;
        this.store = store;
    }

    /**
     * {@code ids}: 1..1000 tariff ids (UUIDs; a malformed one rejects the whole request with 422);
     * {@code versions} (optional): tariff id → the version the caller decided on, e.g. the one its PATCH
     * answered; an id whose tariff is at another version in tariff-service now is refused (409), not enabled
     * on a state the caller did not see.
     */
    public record BulkRequest(
            @NotNull(message = "ids is required")
            @Size(min = 1, max = MAX_IDS, message = "ids must hold 1 to 1000 tariff ids")
            List<@NotNull(message = "must be a tariff id") @Pattern(regexp = UUID_PATTERN,
                    message = "must be a tariff id (a UUID)") String> ids,
            Boolean allowBelowCost,
            @Size(max = MAX_IDS, message = "versions holds at most 1000 entries")
            Map<@Pattern(regexp = UUID_PATTERN, message = "must be a tariff id (a UUID)") String,
                    @NotNull(message = "must be a version number") @PositiveOrZero Long> versions) {

        List<UUID> uuids() {
            return ids.stream().map(UUID::fromString).toList();
        }

        Map<UUID, Long> expectedVersions() {
            Map<UUID, Long> expected = new HashMap<>();
            if (versions != null) {
                versions.forEach((id, version) -> expected.put(UUID.fromString(id), version));
            }
            return expected;
        }
    }

    public record BulkResponse(List<Result> results) {
    }

    @POST
    @Path("enable")
    @Operation(summary = "Enable 1..1000 tariffs for sale; one result per distinct id",
            description = "Unknown ids fail with 404; removed or unavailable upstream, or of a deleted module, with 409;"
                    + " a tariff priced below its upstream cost with 409 /problems/below-cost unless allowBelowCost is"
                    + " true; with versions, a tariff at another version than the caller's with 409"
                    + " /problems/stale-version. Decided on tariff-service's current state (503 when it cannot be"
                    + " asked). Enabling an enabled tariff succeeds and changes nothing.")
    @RolesAllowed(Roles.ADMIN)
    public BulkResponse enable(@Valid @NotNull(message = "body is required") BulkRequest body) {
        return new BulkResponse(service.enable(body.uuids(), Boolean.TRUE.equals(body.allowBelowCost()),
                body.expectedVersions()));
    }

    @POST
    @Path("disable")
    @Operation(summary = "Disable 1..1000 tariffs; one result per distinct id (unknown ids fail with 404)")
    @RolesAllowed(Roles.ADMIN)
    public BulkResponse disable(@Valid @NotNull(message = "body is required") BulkRequest body) {
        return new BulkResponse(service.disable(body.uuids()));
    }

    @GET
    @Path("{id}/reselling-state")
    @Operation(summary = "Internal: what this service knows and decided about one tariff")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    public TariffStore.ResellingState state(@PathParam("id") UUID id) {
        return store.resellingState(id).orElseThrow(() -> ProblemException.notFound("Tariff", id));
    }
}
