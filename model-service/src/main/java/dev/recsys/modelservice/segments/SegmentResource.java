package dev.recsys.modelservice.segments;

import dev.recsys.modelruntime.segments.SegmentService;
import dev.recsys.modelruntime.segments.Segments;
import dev.recsys.platform.error.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Segments", description = "Users grouped by taste in the served model version")
public class SegmentResource {

    private final SegmentService segments;

    public SegmentResource(SegmentService segments) {
        this.segments = segments;
    }

    @GET
    @Path("/segments")
    @Operation(operationId = "listSegments",
            summary = "The served version's taste segments: size, mean rating, over-represented genres, "
            + "directors and movies")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Segments.class)))
    @APIResponse(responseCode = "404", description = "The served version was trained before segments existed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No model loaded yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Segments all() {
        return segments.all();
    }

    @GET
    @Path("/segments/{id}")
    @Operation(operationId = "getSegment", summary = "One taste segment")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Segments.Segment.class)))
    @APIResponse(responseCode = "404", description = "No such segment",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Segments.Segment one(@PathParam("id") int id) {
        return segments.one(id);
    }

    @GET
    @Path("/users/{userId}/segment")
    @Operation(operationId = "getUserSegment", summary = "The taste segment a user belongs to",
            description = "Assigned from the user's preference vector in the served version: new ratings move a user "
                    + "only after the next training run.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Segments.UserSegment.class)))
    @APIResponse(responseCode = "404", description = "The user is not in the served version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Segments.UserSegment ofUser(@PathParam("userId") int userId) {
        return segments.ofUser(userId);
    }
}
