package dev.recsys.ingestion.rating;

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

@Path("/api/v1/ratings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Ratings", description = "New ratings from applications")
public class RatingResource {

    private final RatingService ratings;

    public RatingResource(RatingService ratings) {
        this.ratings = ratings;
    }

    @POST
    @AdminOnly
    @SecurityRequirement(name = "adminToken")
    @Operation(operationId = "addRatings", summary = "Store up to 10,000 ratings",
            description = "Valid rows are stored (an unknown userId creates the user; a repeated rating replaces the "
                    + "earlier one); invalid rows are listed with their index and reason. Unknown movies are rejected.")
    @APIResponse(responseCode = "200", description = "Stored and rejected rows",
            content = @Content(schema = @Schema(implementation = RatingsResult.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON, wrong types or an empty list",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong admin token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "More than 10,000 ratings",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RatingsResult post(RatingsRequest request) {
        return ratings.store(request);
    }
}
