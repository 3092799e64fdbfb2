package dev.recsys.recommendation.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recsys.modelruntime.ModelVersionRepository;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.modelruntime.scenarios.ScenarioRequest;
import dev.recsys.modelruntime.scenarios.ScenarioResponse;
import dev.recsys.modelruntime.scenarios.ScenarioService;
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
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The data behind the web dashboard (/dashboard/): read-only, but admin-only, since it lists every
 * user and their ratings; the page asks for the admin token once per browser tab.
 */
@Path("/api/v1/dashboard")
@AdminOnly
@SecurityRequirement(name = "adminToken")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dashboard")
public class DashboardResource {

    private final DashboardRepository dashboard;
    private final ServingModel serving;
    private final ModelVersionRepository registry;
    private final ScenarioService scenarios;

    public DashboardResource(DashboardRepository dashboard, ServingModel serving, ModelVersionRepository registry,
                             ScenarioService scenarios) {
        this.dashboard = dashboard;
        this.serving = serving;
        this.registry = registry;
        this.scenarios = scenarios;
    }

    @POST
    @Path("/scenarios")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "What-if scenarios for the dashboard's panel: the same answer as model-service's POST /scenarios")
    public ScenarioResponse scenarios(ScenarioRequest request) {
        return scenarios.evaluate(request);
    }

    @GET
    @Path("/segments")
    @Operation(summary = "The served version's taste segments (sizes and what defines each); "
            + "{\"segments\": []} when it has none")
    public ObjectNode segments() {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode list = answer.putArray("segments");
        serving.current().ifPresent(loaded -> {
            answer.put("modelVersion", loaded.version());
            registry.segments(loaded.version()).ifPresent(json -> {
                answer.put("k", json.get("k").asInt());
                answer.put("silhouette", json.get("silhouette").asDouble());
                for (JsonNode segment : json.get("segments")) {
                    ObjectNode copy = segment.deepCopy();
                    copy.remove("centroid");   // the taste direction: of no use to a reader
                    list.add(copy);
                }
            });
        });
        return answer;
    }

    @GET
    @Path("/overview")
    @Operation(summary = "Latest model versions with metrics against baselines and training curves, and the latest "
            + "ingestion, training and batch runs with their progress")
    public String overview(@QueryParam("limit") @DefaultValue("10") @Min(1) @Max(100) int limit) {
        return dashboard.overview(limit);
    }

    @GET
    @Path("/users/{userId}/top-rated")
    @Operation(summary = "A user's highest-rated movies")
    public String topRated(@PathParam("userId") int userId,
                           @QueryParam("limit") @DefaultValue("10") @Min(1) @Max(100) int limit) {
        return dashboard.topRated(userId, limit);
    }

    @GET
    @Path("/users")
    @Operation(summary = "The users with the most ratings (suggestions for the user picker)")
    public String mostActiveUsers(@QueryParam("limit") @DefaultValue("12") @Min(1) @Max(100) int limit) {
        return dashboard.mostActiveUsers(limit);
    }
}
