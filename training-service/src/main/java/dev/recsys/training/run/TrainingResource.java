package dev.recsys.training.run;

import dev.recsys.platform.error.Problem;
import dev.recsys.platform.job.CancelRunResponses;
import dev.recsys.platform.job.JobRunApi;
import dev.recsys.platform.job.RunNotFoundResponse;
import dev.recsys.platform.security.AdminOnly;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/training-runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Training runs", description = "Train, evaluate and register model versions")
public class TrainingResource {

    private final TrainingService training;

    public TrainingResource(TrainingService training) {
        this.training = training;
    }

    @POST
    @AdminOnly
    @SecurityRequirement(name = "adminToken")
    @Operation(operationId = "startTrainingRun", summary = "Start a training run",
            description = "Trains the hybrid model on the whole catalog, evaluates it and the baselines on the same "
                    + "split, and registers a model version, activated according to 'activate'. The body may be empty: "
                    + "every field has a default.")
    @APIResponse(responseCode = "202", description = "Run queued",
            content = @Content(schema = @Schema(implementation = TrainingRun.class)))
    @APIResponse(responseCode = "400", description = "Impossible parameters",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong admin token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Another training run is queued or running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response start(@Valid TrainingRequest request, @Context UriInfo uri) {
        return JobRunApi.queued(training.start(request), uri);
    }

    @GET
    @Path(JobRunApi.RUN_PATH)
    @Operation(operationId = "getTrainingRun",
            summary = "Show a training run: progress, loss per epoch, metrics against baselines, model version")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TrainingRun.class)))
    @RunNotFoundResponse
    public TrainingRun get(@PathParam("id") long id) {
        return training.lifecycle().get(id);
    }

    @POST
    @Path(JobRunApi.CANCEL_PATH)
    @Consumes(MediaType.WILDCARD)   // no body
    @AdminOnly
    @SecurityRequirement(name = "adminToken")
    @Operation(operationId = "cancelTrainingRun", summary = "Cancel a queued or running training run",
            description = "The run stops within about a second, on whichever replica runs it, registers nothing and "
                    + "ends CANCELLED; the active model version stays. Poll the run to see it end.")
    @APIResponse(responseCode = "202", description = JobRunApi.CANCEL_REQUESTED,
            content = @Content(schema = @Schema(implementation = TrainingRun.class)))
    @CancelRunResponses
    public Response cancel(@PathParam("id") long id) {
        return JobRunApi.cancelRequested(training.lifecycle().cancel(id));
    }

    @GET
    @Operation(operationId = "listTrainingRuns", summary = "List the latest training runs, newest first")
    public List<TrainingRun> list(@QueryParam("limit") @DefaultValue(JobRunApi.DEFAULT_LIMIT) @Min(1)
                                  @Max(JobRunApi.MAX_LIMIT) int limit) {
        return training.lifecycle().latest(limit);
    }
}
