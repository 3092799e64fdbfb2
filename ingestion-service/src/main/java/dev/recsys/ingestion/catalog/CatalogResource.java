package dev.recsys.ingestion.catalog;

import dev.recsys.ingestion.job.IngestionRunRepository;
import dev.recsys.platform.error.Problem;
import dev.recsys.platform.error.ProblemException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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
@Tag(name = "Catalog", description = "Movies, users' ratings and catalog statistics")
public class CatalogResource {

    private final CatalogRepository catalog;
    private final IngestionRunRepository runs;

    public CatalogResource(CatalogRepository catalog, IngestionRunRepository runs) {
        this.catalog = catalog;
        this.runs = runs;
    }

    @GET
    @Path("/movies/{movieId}")
    @Operation(operationId = "getMovie",
            summary = "One movie with genres, IMDb facts, directors, writers and cast in billing order")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MovieDetails.class)))
    @APIResponse(responseCode = "404", description = "No such movie",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MovieDetails movie(@PathParam("movieId") int movieId) {
        return catalog.movie(movieId).orElseThrow(() -> ProblemException.notFound("no movie with id " + movieId));
    }

    @GET
    @Path("/movies")
    @Operation(operationId = "searchMovies", summary = "Search movies by title words and genre, ordered by movie id")
    @APIResponse(responseCode = "200", description = "A page of movies")
    @APIResponse(responseCode = "400", description = "limit or offset out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page<MovieSummary> search(@QueryParam("q") String q, @QueryParam("genre") String genre,
                                     @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(1000) int limit,
                                     @QueryParam("offset") @DefaultValue("0") @Min(0) int offset) {
        return catalog.search(q, genre, limit, offset);
    }

    @GET
    @Path("/users/{userId}/ratings")
    @Operation(operationId = "listUserRatings", summary = "A user's ratings, newest first")
    @APIResponse(responseCode = "200", description = "A page of ratings")
    @APIResponse(responseCode = "404", description = "No such user",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page<UserRating> userRatings(@PathParam("userId") int userId,
                                        @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(1000) int limit,
                                        @QueryParam("offset") @DefaultValue("0") @Min(0) int offset) {
        if (!catalog.userExists(userId)) {
            throw ProblemException.notFound("no user with id " + userId);
        }
        return catalog.userRatings(userId, limit, offset);
    }

    @GET
    @Path("/catalog/stats")
    @Operation(operationId = "getCatalogStats",
            summary = "Numbers of movies, users, ratings, tags and people, and when the last ingestion succeeded")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CatalogStats.class)))
    public CatalogStats stats() {
        return catalog.stats(runs.lastSucceededAt().orElse(null));
    }
}
