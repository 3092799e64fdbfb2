package dev.recsys.ingestion.job;

import dev.recsys.platform.error.Problem;
import dev.recsys.platform.job.JobRunApi;
import dev.recsys.platform.security.AdminOnly;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

@Path("/api/v1/ingestions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Ingestions", description = "Load MovieLens releases, IMDb dumps and plots into the catalog")
public class IngestionResource {

    private final IngestionService ingestions;

    public IngestionResource(IngestionService ingestions) {
        this.ingestions = ingestions;
    }

    @POST
    @AdminOnly
    @SecurityRequirement(name = "adminToken")
    @Operation(operationId = "startIngestion", summary = "Start an ingestion job",
            description = "Loads a MovieLens release (CSV, ml-1m, ml-10m or ml-100k layout, recognised from its files; "
                    + "the tag genome where a release has one), IMDb dumps or a plots CSV from a directory, file, .zip, "
                    + ".gz or http(s) URL, then embeds the movie texts it changed. All of it commits in one "
                    + "transaction, or nothing does. Poll the job at the Location header.")
    @APIResponse(responseCode = "202", description = "Job queued",
            content = @Content(schema = @Schema(implementation = IngestionRun.class)))
    @APIResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong admin token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Another ingestion is queued or running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response start(@NotNull(message = "a JSON body {source, location} is required") @Valid IngestionRequest request,
                          @jakarta.ws.rs.core.Context UriInfo uri) {
        return JobRunApi.queued(ingestions.start(request), uri);
    }

    @GET
    @Path(JobRunApi.RUN_PATH)
    @AdminOnly
    @SecurityRequirement(name = "adminToken")
    @Operation(operationId = "getIngestion",
            summary = "Show an ingestion job with its progress, counts and rejected rows",
            description = "Admin-only: a job shows its source location, which may carry credentials.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = IngestionRun.class)))
    @APIResponse(responseCode = "404", description = "No such ingestion",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public IngestionRun get(@PathParam("id") long id) {
        return ingestions.lifecycle().get(id);
    }

    @POST
    @Path(JobRunApi.CANCEL_PATH)
    @Consumes(MediaType.WILDCARD)   // no body
    @AdminOnly
    @SecurityRequirement(name = "adminToken")
    @Operation(operationId = "cancelIngestion", summary = "Cancel a queued or running ingestion",
            description = "The job stops within about a second, on whichever replica runs it, and ends CANCELLED; "
                    + "its load is rolled back, so the catalog stays as it was. Poll the job to see it end.")
    @APIResponse(responseCode = "202", description = JobRunApi.CANCEL_REQUESTED,
            content = @Content(schema = @Schema(implementation = IngestionRun.class)))
    @APIResponse(responseCode = "401", description = JobRunApi.MISSING_ADMIN_TOKEN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such ingestion",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The ingestion has already finished",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cancel(@PathParam("id") long id) {
        return JobRunApi.cancelRequested(ingestions.lifecycle().cancel(id));
    }

    @GET
    @AdminOnly
    @SecurityRequirement(name = "adminToken")
    @Operation(operationId = "listIngestions",
            summary = "List the latest ingestion jobs, newest first (admin-only: they show source locations)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = IngestionRun[].class)))
    @APIResponse(responseCode = "400", description = "limit out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<IngestionRun> list(@QueryParam("limit") @DefaultValue(JobRunApi.DEFAULT_LIMIT) @Min(1)
                                   @Max(JobRunApi.MAX_LIMIT) int limit) {
        return ingestions.lifecycle().latest(limit);
    }
}
