package dev.recsys.recommendation.batch;

import dev.recsys.platform.error.Problem;
import dev.recsys.platform.job.CancelRunResponses;
import dev.recsys.platform.job.JobRunApi;
import dev.recsys.platform.job.RunNotFoundResponse;
import dev.recsys.platform.security.AdminOnly;
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

@Path("/api/v1/batch-runs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Batch runs", description = "Precompute top-N lists for every user")
public class BatchResource {

    /** Body of {@code POST /batch-runs}. */
    public record BatchRequest(@Min(1) @Max(1000) Integer limit,
                               @Min(1) @Max(1000) @Schema(description = "workers that share the users (default 1: this "
                                       + "service computes the run; more: shard workers do)") Integer shards) {
    }

    private final BatchService batches;

    public BatchResource(BatchService batches) {
        this.batches = batches;
    }

    @POST
    @AdminOnly
    @SecurityRequirement(name = "adminToken")
    @Operation(operationId = "startBatchRun",
            summary = "Start a batch run: exact top-N (default 100) for every user the active model knows",
            description = "The new lists replace the old ones atomically when the run succeeds; a failed run leaves "
                    + "the old ones served.")
    @APIResponse(responseCode = "202", description = "Batch run queued; Location names it",
            content = @Content(schema = @Schema(implementation = BatchRun.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong admin token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A batch run is already queued or running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response start(@jakarta.validation.Valid BatchRequest request, @Context UriInfo uri) {
        int limit = request == null || request.limit() == null ? 100 : request.limit();
        int shards = request == null || request.shards() == null ? 1 : request.shards();
        return JobRunApi.queued(batches.start(limit, shards), uri);
    }

    @GET
    @Path(JobRunApi.RUN_PATH)
    @Operation(operationId = "getBatchRun", summary = "Show a batch run with its progress (users done, rate, ETA)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = BatchRun.class)))
    @RunNotFoundResponse
    public BatchRun get(@PathParam("id") long id) {
        return batches.lifecycle().get(id);
    }

    @POST
    @Path(JobRunApi.CANCEL_PATH)
    @Consumes(MediaType.WILDCARD)   // no body
    @AdminOnly
    @SecurityRequirement(name = "adminToken")
    @Operation(operationId = "cancelBatchRun", summary = "Cancel a queued or running batch run",
            description = "Its workers (this service or shard workers) stop within about a second; the run ends "
                    + "CANCELLED, its partial lists are removed, and the previous lists stay served.")
    @APIResponse(responseCode = "202", description = JobRunApi.CANCEL_REQUESTED,
            content = @Content(schema = @Schema(implementation = BatchRun.class)))
    @CancelRunResponses
    public Response cancel(@PathParam("id") long id) {
        return JobRunApi.cancelRequested(batches.lifecycle().cancel(id));
    }

    @GET
    @Operation(operationId = "listBatchRuns", summary = "List the latest batch runs, newest first")
    public List<BatchRun> list(@QueryParam("limit") @DefaultValue(JobRunApi.DEFAULT_LIMIT) @Min(1)
                               @Max(JobRunApi.MAX_LIMIT) int limit) {
        return batches.lifecycle().latest(limit);
    }
}
