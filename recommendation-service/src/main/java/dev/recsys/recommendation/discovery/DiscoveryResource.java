package dev.recsys.recommendation.discovery;

import dev.recsys.platform.error.Problem;
import dev.recsys.platform.limits.RateLimited;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Discovery", description = "Similar movies, popular movies, recommendations for visitors")
public class DiscoveryResource {

    private final DiscoveryService discovery;

    public DiscoveryResource(DiscoveryService discovery) {
        this.discovery = discovery;
    }

    @GET
    @Path("/movies/{movieId}/similar")
    @Operation(operationId = "getSimilarMovies",
            summary = "Movies whose model vectors are closest (cosine) to this movie's")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MovieList.class)))
    @APIResponse(responseCode = "404", description = "Movie unknown to the active model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MovieList similar(@PathParam("movieId") int movieId, @QueryParam("limit") @DefaultValue("10") int limit) {
        return discovery.similar(movieId, limit);
    }

    @GET
    @Path("/movies/popular")
    @Operation(operationId = "getPopularMovies", summary = "The most-rated movies, optionally within one genre")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MovieList.class)))
    @APIResponse(responseCode = "400", description = "limit outside 1-100 or unknown genre",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MovieList popular(@QueryParam("limit") @DefaultValue("10") int limit, @QueryParam("genre") String genre) {
        return discovery.popular(limit, genre);
    }

    @RateLimited
    @POST
    @Path("/recommendations/anonymous")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "recommendForVisitor",
            summary = "Personalised top-N for a visitor without a stored profile, from the ratings in the request",
            description = "The visitor's vector is folded in (ridge regression over the active model's movie vectors); "
                    + "nothing is stored and nothing is retrained. Unknown movies are listed, not an error.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AnonymousRecommendations.class)))
    @APIResponse(responseCode = "400", description = "Invalid ratings, limit or genre",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "More than the client's rate (recsys.rate-limit.per-second, bursts of "
            + "recsys.rate-limit.burst; not for the admin token): Retry-After says when to retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AnonymousRecommendations anonymous(AnonymousRequest request) {
        return discovery.anonymous(request);
    }
}
