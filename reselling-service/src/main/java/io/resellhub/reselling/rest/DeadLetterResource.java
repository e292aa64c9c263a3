package io.resellhub.reselling.rest;

import io.resellhub.commons.api.ResellingDtos.ParkedEvents;
import io.resellhub.commons.api.ResellingDtos.Replayed;
import io.resellhub.commons.security.Roles;
import io.resellhub.reselling.messaging.DeadLetters;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Operators' view of parked events: list a dead-letter topic, replay it to where its records came from. */
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final DeadLetters deadLetters;

    public DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    public ParkedEvents list(@QueryParam("topic") String topic,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size) {
        return new ParkedEvents(topic, deadLetters.list(topic, size));
    }

    @POST
    @Path("replay")
    @RolesAllowed(Roles.ADMIN)
    public Replayed replay(@QueryParam("topic") String topic) {
        return new Replayed(topic, deadLetters.replay(topic));
    }
}
