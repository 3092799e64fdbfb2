package dev.recsys.modelservice.scenarios;

import dev.recsys.modelruntime.scenarios.ScenarioRequest;
import dev.recsys.modelruntime.scenarios.ScenarioResponse;
import dev.recsys.modelruntime.scenarios.ScenarioService;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/scenarios")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Scenarios", description = "What-if: which variant of a planned movie would do best")
public class ScenarioResource {

    private final ScenarioService scenarios;

    private final ExpensiveWork work;

    public ScenarioResource(ScenarioService scenarios, ExpensiveWork work) {
        this.work = work;
        this.scenarios = scenarios;
    }

    @RateLimited
    @POST
    @Operation(operationId = "scoreScenarios",
            summary = "Score every combination of a planned movie's alternatives for the current users",
            description = "Each variant gets the mean predicted rating over every user of the served version and per "
                    + "taste segment, and its audience (users whose current top-20 it would enter); the best 'top' by "
                    + "the objective are returned. Unknown people and genres are listed, not guessed. With an IMDb-rating "
                    + "model, each variant also gets its predicted IMDb rating with an 80 % interval (objective imdbRating "
                    + "ranks by it), and the answer lists the five released movies most like the base movie.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ScenarioResponse.class)))
    @APIResponse(responseCode = "400", description = "No base movie, an empty list of alternatives, more than 1,000 "
            + "combinations (with the count), a bad objective or top, an unknown field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "objective imdbRating with a model version that has no IMDb-rating "
            + "model (the detail says why)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No model loaded yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "More than the client's rate (recsys.rate-limit.per-second, bursts of "
            + "recsys.rate-limit.burst; not for the admin token): Retry-After says when to retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ScenarioResponse evaluate(ScenarioRequest request) {
        return work.run(() -> scenarios.evaluate(request));
    }
}
