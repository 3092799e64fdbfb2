package dev.recsys.recommendation.dashboard;

import dev.recsys.modelruntime.scenarios.ScenarioRequest;
import dev.recsys.modelruntime.scenarios.ScenarioResponse;
import dev.recsys.modelruntime.scenarios.ScenarioService;
import dev.recsys.modelruntime.segments.SegmentService;
import dev.recsys.modelruntime.segments.Segments;
import dev.recsys.insights.InsightFilter;
import dev.recsys.insights.InsightsRepository;
import dev.recsys.insights.InsightsRepository.GroupOrder;
import dev.recsys.insights.InsightsRepository.Grouping;
import dev.recsys.insights.InsightsRepository.MovieGroups;
import dev.recsys.insights.InsightsRepository.MovieOrder;
import dev.recsys.insights.MovieMoney;
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
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
@Tag(name = "Dashboard",
        description = "The data behind the dashboard page (admin token): models, runs, users, segments, what-if scenarios, "
                + "catalog insights")
public class DashboardResource {

    private static final int TOP_GROUPS = 10;

    private final DashboardRepository dashboard;
    private final SegmentService segmentService;
    private final ScenarioService scenarios;
    private final InsightsRepository insights;

    public DashboardResource(DashboardRepository dashboard, SegmentService segmentService, ScenarioService scenarios,
                             InsightsRepository insights) {
        this.dashboard = dashboard;
        this.segmentService = segmentService;
        this.scenarios = scenarios;
        this.insights = insights;
    }

    @GET
    @Path("/insights")
    @Operation(operationId = "getDashboardInsights", summary = "The insights panel: releases by month and weekday, the "
            + "collections and production companies with the most revenue (TMDB metadata; empty before a tmdb ingestion)")
    public InsightsPanel insights() {
        InsightFilter all = new InsightFilter(null, null, null, null);
        return new InsightsPanel(insights.releases(false, all, 12, 0), insights.releases(true, all, 7, 0),
                insights.groups(Grouping.COLLECTION, all, GroupOrder.REVENUE_TOTAL, TOP_GROUPS, 0),
                insights.groups(Grouping.COMPANY, all, GroupOrder.REVENUE_TOTAL, TOP_GROUPS, 0));
    }

    @GET
    @Path("/public-rating")
    @Operation(operationId = "getDashboardPublicRating", summary = "The active version's public-rating model on its "
            + "held-out movies: R², 80 % interval coverage, predicted against actual, the most recently released of them")
    @APIResponse(responseCode = "200", description = "{version, scale, served (ridge or trees), r2 and coverage of the "
            + "served kind, ridgeR2, treesR2, heldOut, points: "
            + "[{predicted, actual}], recent: [{movieId, title, year, predicted, low, high, actual, imdbId, tmdbId}]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public String publicRating() {
        return dashboard.publicRating();
    }

    @GET
    @Path("/movies/{movieId}/money")
    @Operation(operationId = "getDashboardMovieMoney",
            summary = "A catalog movie's TMDB budget, revenue, return, release date and ids (for its TMDB and IMDb links)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MovieMoney.class)))
    @APIResponse(responseCode = "404", description = "No such movie, or no TMDB movie linked to it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MovieMoney movieMoney(@PathParam("movieId") int movieId) {
        return insights.movies(new InsightFilter(null, null, null, null), new MovieGroups(movieId, null, null, null),
                        MovieOrder.TITLE, 1, 0).items().stream().findFirst()
                .orElseThrow(() -> ProblemException.notFound("no TMDB movie is linked to movie " + movieId));
    }

    @POST
    @Path("/scenarios")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "scoreDashboardScenarios",
            summary = "What-if scenarios for the dashboard's panel: the same answer as model-service's POST /scenarios")
    public ScenarioResponse scenarios(ScenarioRequest request) {
        return scenarios.evaluate(request);
    }

    @GET
    @Path("/segments")
    @Operation(operationId = "getDashboardSegments",
            summary = "The served version's taste segments (sizes and what defines each); "
            + "{\"segments\": []} when it has none")
    public Segments segments() {
        return segmentService.current().orElse(new Segments(0, 0, 0, List.of()));
    }

    @GET
    @Path("/overview")
    @Operation(operationId = "getDashboardOverview",
            summary = "Latest model versions with metrics against baselines and training curves, and the latest "
            + "ingestion, training and batch runs with their progress")
    @APIResponse(responseCode = "200", description = "{models, ingestions, trainingRuns, batchRuns}, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public String overview(@QueryParam("limit") @DefaultValue("10") @Min(1) @Max(100) int limit) {
        return dashboard.overview(limit);
    }

    @GET
    @Path("/users/{userId}/top-rated")
    @Operation(operationId = "getUserTopRated", summary = "A user's highest-rated movies")
    @APIResponse(responseCode = "200", description = "The movies, highest rating first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY)))
    public String topRated(@PathParam("userId") int userId,
                           @QueryParam("limit") @DefaultValue("10") @Min(1) @Max(100) int limit) {
        return dashboard.topRated(userId, limit);
    }

    @GET
    @Path("/users")
    @Operation(operationId = "listMostActiveUsers",
            summary = "The users with the most ratings (suggestions for the user picker)")
    @APIResponse(responseCode = "200", description = "Users with their rating counts, most first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY)))
    public String mostActiveUsers(@QueryParam("limit") @DefaultValue("12") @Min(1) @Max(100) int limit) {
        return dashboard.mostActiveUsers(limit);
    }
}
