package dev.recsys.modelservice.serving;

import dev.recsys.platform.error.Problem;
import dev.recsys.platform.limits.ExpensiveWork;
import dev.recsys.platform.limits.RateLimited;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/predictions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Predictions", description = "Predicted ratings from the active model version")
public class PredictionResource {

    private final PredictionService predictions;

    private final ExpensiveWork work;

    public PredictionResource(PredictionService predictions, ExpensiveWork work) {
        this.work = work;
        this.predictions = predictions;
    }

    @POST
    @Operation(operationId = "predictRatings", summary = "Predict how a user would rate up to 10,000 movies",
            description = "Movies the model does not know are listed in unknownMovieIds; a user it has never seen gets "
                    + "predictions from the movies' biases and is flagged coldStartUser.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "three movies",
            value = "{\"userId\": 1, \"movieIds\": [1, 2, 3]}")))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PredictionResponse.class)))
    @APIResponse(responseCode = "400", description = "Missing, negative or wrongly typed ids, or malformed JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "More than 10,000 movies",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No model loaded yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PredictionResponse predict(PredictionRequest request) {
        return predictions.predict(request);
    }

    @RateLimited
    @POST
    @Path("/new-movie")
    @Operation(operationId = "predictNewMovie",
            summary = "Predict the rating of a movie that is in no catalog, from its content alone",
            description = "People are given by name; names the model does not know are returned in unknownPeople. "
                    + "imdbRating is the IMDb rating the movie will likely get, with an 80 % interval, from what is known "
                    + "before release (absent, with the reason in unusedFields, when the version has no IMDb-rating model).")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "a new drama", value = "{\"userId\": 1, "
            + "\"title\": \"The Silent Harbor\", \"genres\": [\"Drama\"], \"directors\": [\"Ada Brandt\"], "
            + "\"actors\": [\"Luca Rossi\", \"Mara Weber\"], \"year\": 2024, \"runtime\": 112}")))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = NewMovieResponse.class)))
    @APIResponse(responseCode = "400", description = "Missing title, bad userId or malformed JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No model loaded yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "More than the client's rate (recsys.rate-limit.per-second, bursts of "
            + "recsys.rate-limit.burst; not for the admin token): Retry-After says when to retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public NewMovieResponse newMovie(NewMovieRequest request) {
        return work.run(() -> predictions.predictNewMovie(request));
    }
}
