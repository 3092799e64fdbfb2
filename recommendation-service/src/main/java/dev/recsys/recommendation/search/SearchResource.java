package dev.recsys.recommendation.search;

import dev.recsys.platform.error.Problem;
import dev.recsys.platform.limits.ExpensiveWork;
import dev.recsys.platform.limits.RateLimited;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search", description = "Movies by title or by what they are about")
public class SearchResource {

    private final MovieSearch search;
    private final SimilarToDescription similar;

    private final ExpensiveWork work;

    public SearchResource(MovieSearch search, SimilarToDescription similar, ExpensiveWork work) {
        this.work = work;
        this.search = search;
        this.similar = similar;
    }

    @RateLimited
    @GET
    @Path("/movies/search")
    @Operation(operationId = "searchMovies",
            summary = "Movies by title or description: exact and near-exact titles first, then by meaning",
            description = "Title matches ignore case, accents, punctuation and a leading article (\"matrix\" finds "
                    + "\"Matrix, The\"). The rest are the movies whose text (title, most frequent tags, genome tags, plot) "
                    + "is nearest the query's sentence embedding (all-MiniLM-L6-v2); popularity orders equals. "
                    + "While no movie text is embedded, textIndex.state is \"empty\" and only titles are matched.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SearchResults.class)))
    @APIResponse(responseCode = "400", description = "q missing, blank, over 500 characters or with control characters; "
            + "limit outside 1-100",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "More than the client's rate (recsys.rate-limit.per-second, bursts of "
            + "recsys.rate-limit.burst; not for the admin token): Retry-After says when to retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SearchResults search(
            @Parameter(description = "words of a title or a description, 1-500 characters", required = true)
            @QueryParam("q") String q,
            @Parameter(description = "1-100") @QueryParam("limit") @DefaultValue("10") int limit) {
        return work.run(() -> search.search(q, limit));
    }

    @RateLimited
    @POST
    @Path("/movies/similar")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "findMoviesLikeDescription",
            summary = "Catalog movies most like a movie that is not in the catalog, described by title, plot, genres and people",
            description = "The title and plot are embedded as a catalog movie's text is; each catalog movie scores its "
                    + "text similarity + 0.1 x genres in common (Jaccard) + 0.05 per shared director or actor (up to 3), "
                    + "and each item says what matched.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DescriptionMatches.class)))
    @APIResponse(responseCode = "400", description = "Nothing described, a field too long, an unknown genre, limit outside 1-100",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "More than the client's rate (recsys.rate-limit.per-second, bursts of "
            + "recsys.rate-limit.burst; not for the admin token): Retry-After says when to retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DescriptionMatches similar(DescribedMovie movie) {
        return work.run(() -> similar.similar(movie));
    }
}
