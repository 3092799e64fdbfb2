package dev.recsys.recommendation.experiment;

import dev.recsys.platform.error.Problem;
import dev.recsys.platform.error.ProblemException;
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

@Path("/api/v1/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Experiments", description = "Online experiments between model versions, judged by feedback events")
public class ExperimentResource {

    private final ExperimentService experiments;
    private final ExperimentAnalysis analysis;

    public ExperimentResource(ExperimentService experiments, ExperimentAnalysis analysis) {
        this.experiments = experiments;
        this.analysis = analysis;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @AdminOnly
    @SecurityRequirement(name = "adminToken")
    @Operation(operationId = "startExperiment",
            summary = "Start an experiment: split users between model versions by share",
            description = "Each user is assigned a variant by a hash of (experiment, user): the same on every replica "
                    + "and for the whole experiment. Recommendations of users in a variant come from its model and carry "
                    + "experiment and variant; every replica keeps each variant's version loaded.")
    @APIResponse(responseCode = "201", description = "Started; Location names it",
            content = @Content(schema = @Schema(implementation = Experiment.class)))
    @APIResponse(responseCode = "400", description = "Bad name, variants, shares (must sum to 100), model or end time",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "An experiment is already running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "A variant's version cannot be loaded, or would not fit in memory",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response start(ExperimentRequest request, @Context UriInfo uri) {
        Experiment created = experiments.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build()).entity(created).build();
    }

    @GET
    @Operation(operationId = "listExperiments", summary = "List the latest experiments, newest first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Experiment[].class)))
    public List<Experiment> list(@QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return experiments.latest(limit);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getExperiment", summary = "Show an experiment")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Experiment.class)))
    @APIResponse(responseCode = "404", description = "No such experiment",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Experiment get(@PathParam("id") long id) {
        return experiments.find(id).orElseThrow(() -> ProblemException.notFound("no experiment with id " + id));
    }

    @GET
    @Path("/{id}/results")
    @Operation(operationId = "getExperimentResults",
            summary = "Per variant: users exposed, impressions, click-through rate, movies later rated or watched, "
                    + "mean later rating; each against the control with a 95 % interval and a z-test")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ExperimentResults.class)))
    @APIResponse(responseCode = "404", description = "No such experiment",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ExperimentResults results(@PathParam("id") long id) {
        return analysis.results(id);
    }

    @POST
    @Path("/{id}/stop")
    @Consumes(MediaType.WILDCARD)   // no body
    @AdminOnly
    @SecurityRequirement(name = "adminToken")
    @Operation(operationId = "stopExperiment", summary = "Stop an experiment: everyone sees the active model again")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Experiment.class)))
    @APIResponse(responseCode = "404", description = "No such experiment",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already stopped",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Experiment stop(@PathParam("id") long id) {
        return experiments.stop(id);
    }

    @POST
    @Path("/{id}/promote/{variant}")
    @Consumes(MediaType.WILDCARD)   // no body
    @AdminOnly
    @SecurityRequirement(name = "adminToken")
    @Operation(operationId = "promoteExperimentVariant",
            summary = "Activate the variant's model version for everyone (every replica) and stop the experiment")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Experiment.class)))
    @APIResponse(responseCode = "404", description = "No such experiment or variant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The experiment is no longer running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Experiment promote(@PathParam("id") long id, @PathParam("variant") String variant) {
        return experiments.promote(id, variant);
    }
}
