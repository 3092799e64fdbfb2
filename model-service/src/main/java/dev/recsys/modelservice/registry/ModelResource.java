package dev.recsys.modelservice.registry;

import dev.recsys.modelruntime.ModelVersion;
import dev.recsys.modelruntime.ModelVersionRepository;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.platform.error.Problem;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.security.AdminOnly;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models", description = "Registered model versions; activation and rollback")
public class ModelResource {

    private final ModelVersionRepository versions;
    private final ServingModel serving;

    public ModelResource(ModelVersionRepository versions, ServingModel serving) {
        this.versions = versions;
        this.serving = serving;
    }

    @GET
    @Operation(operationId = "listModels",
            summary = "All model versions, newest first, with parameters and metrics against baselines")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ModelVersion[].class)))
    public List<ModelVersion> list() {
        return versions.list();
    }

    @GET
    @Path("/active")
    @Operation(operationId = "getActiveModel", summary = "The active model version")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ModelVersion.class)))
    @APIResponse(responseCode = "404", description = "No version is active yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ModelVersion active() {
        return versions.active().orElseThrow(() -> ProblemException.notFound("no model version is active yet"));
    }

    @GET
    @Path("/{version}")
    @Operation(operationId = "getModel", summary = "One model version")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ModelVersion.class)))
    @APIResponse(responseCode = "404", description = "No such version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ModelVersion get(@PathParam("version") long version) {
        return versions.find(version).orElseThrow(() -> ProblemException.notFound("no model version " + version));
    }

    @POST
    @Path("/{version}/activate")
    @AdminOnly
    @SecurityRequirement(name = "adminToken")
    @Operation(operationId = "activateModel", summary = "Activate a version (an older one is a rollback)",
            description = "The version is loaded here first; one that cannot be loaded is refused with 422 and the "
                    + "active version keeps serving. Every replica serves the new version within seconds, no restart.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ModelVersion.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong admin token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The version's artifact cannot be loaded",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ModelVersion activate(@PathParam("version") long version) {
        serving.activate(version);
        return versions.find(version).orElseThrow();
    }
}
