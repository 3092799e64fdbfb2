package dev.recsys.recommendation.recommend;

import dev.recsys.platform.error.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/users/{userId}/recommendations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Recommendations", description = "What a user should watch next")
public class RecommendationResource {

    private final RecommendationService recommendations;
    private final ListShaping shaping;

    public RecommendationResource(RecommendationService recommendations, ListShaping shaping) {
        this.recommendations = recommendations;
        this.shaping = shaping;
    }

    @GET
    @Operation(operationId = "getRecommendations",
            summary = "A user's top-N movies, never one they rated or marked not-interested",
            description = "From the latest batch run (minus movies rated or marked not-interested since), else scored "
                    + "live with the active model, else the most popular movies. 'source' says which. explain=true "
                    + "adds reasons per movie; exclude=1,2,3 leaves those movies out of this list.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Recommendations.class)))
    @APIResponse(responseCode = "400", description = "limit outside 1-100, unknown genre, bad userId or exclude list, diversity or novelty outside 0-1",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Recommendations get(@PathParam("userId") int userId,
                               @QueryParam("limit") @DefaultValue("10") int limit,
                               @QueryParam("genre") String genre,
                               @QueryParam("explain") @DefaultValue("false") boolean explain,
                               @Parameter(description = "Movie ids to leave out of this list, comma-separated (at most 1,000)",
                                       example = "1,2,3")
                               @QueryParam("exclude") String exclude,
                               @Parameter(description = "0-1: spread the list over kinds of movies (marginal relevance over "
                                       + "genres); 0 keeps it as ranked (default: recsys.recommendations.diversity)",
                                       example = "0.2")
                               @QueryParam("diversity") Double diversity,
                               @Parameter(description = "0-1: discount movies already recommended to many users (their exposure "
                                       + "in the batch's lists; rating counts before the first batch); 0 keeps the list as ranked "
                                       + "(default: recsys.recommendations.novelty)", example = "0.6")
                               @QueryParam("novelty") Double novelty) {
        return recommendations.recommend(userId, limit, genre, explain, RecommendationService.excludeList(exclude),
                shaping.knobs(diversity, novelty));
    }

    @POST
    @Path("/rank")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "rankMovies",
            summary = "Rank the given movies (up to 1,000) by the user's predicted rating")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RankedMovies.class)))
    @APIResponse(responseCode = "400", description = "Empty list or bad ids",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "More than 1,000 movies",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RankedMovies rank(@PathParam("userId") int userId, RankRequest request) {
        return recommendations.rank(userId, request);
    }
}
