package dev.recsys.ingestion.event;

import dev.recsys.platform.error.Problem;
import dev.recsys.platform.security.AdminOnly;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Events", description = "Feedback from applications: impressions, clicks, watches, not-interested")
public class EventResource {

    private final EventService events;

    public EventResource(EventService events) {
        this.events = events;
    }

    @POST
    @AdminOnly
    @SecurityRequirement(name = "adminToken")
    @Operation(operationId = "addEvents", summary = "Store up to 10,000 feedback events",
            description = "Valid rows are stored in one COPY; an event already stored (same userId, movieId, type and "
                    + "at: a retried request) is counted in alreadyStored, not stored twice; invalid rows are listed "
                    + "with their index and reason. Unknown movies are rejected. A not-interested event removes the "
                    + "movie from the user's recommendations at once and for good (batch, live and popular lists).")
    @APIResponse(responseCode = "200", description = "Stored, already stored and rejected rows",
            content = @Content(schema = @Schema(implementation = EventsResult.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, wrong types or an empty list",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong admin token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "More than 10,000 events",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public EventsResult post(EventsRequest request) {
        return events.store(request);
    }
}
