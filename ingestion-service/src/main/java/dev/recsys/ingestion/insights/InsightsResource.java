package dev.recsys.ingestion.insights;

import dev.recsys.insights.InsightFilter;
import dev.recsys.insights.InsightsRepository;
import dev.recsys.insights.InsightsRepository.GroupOrder;
import dev.recsys.insights.InsightsRepository.Grouping;
import dev.recsys.insights.InsightsRepository.MovieGroups;
import dev.recsys.insights.InsightsRepository.MovieOrder;
import dev.recsys.insights.MoneyFigures;
import dev.recsys.insights.MovieMoney;
import dev.recsys.insights.ReleaseCounts;
import dev.recsys.platform.error.Problem;
import dev.recsys.platform.error.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The catalog questions TMDB metadata answers; public, read-only, paginated. */
@Path("/api/v1/insights")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Insights", description = "Catalog questions from TMDB metadata: releases by month and weekday, the money of "
        + "collections, companies, countries and movies")
public class InsightsResource {

    /** The filters and the page every question takes. */
    public static class Window {
        @QueryParam("yearFrom") @Min(1870) @Max(2100)
        @Parameter(description = "first release year, inclusive")
        Integer yearFrom;
        @QueryParam("yearTo") @Min(1870) @Max(2100)
        @Parameter(description = "last release year, inclusive")
        Integer yearTo;
        @QueryParam("genre") @Size(max = 100)
        @Parameter(description = "a TMDB genre, e.g. Animation (case and accents ignored)")
        String genre;
        @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(1000)
        int limit;
        @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(1_000_000)
        int offset;

        InsightFilter filter(String name) {
            if (yearFrom != null && yearTo != null && yearFrom > yearTo) {
                throw ProblemException.badRequest("yearFrom", "is after yearTo (" + yearTo + ")");
            }
            return new InsightFilter(yearFrom, yearTo, blankToNull(genre), blankToNull(name));
        }
    }

    private final InsightsRepository insights;

    public InsightsResource(InsightsRepository insights) {
        this.insights = insights;
    }

    @GET
    @Path("/releases")
    @Operation(operationId = "countReleases", summary = "Movies released per month or per weekday (TMDB release dates)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ReleaseCounts.class)))
    @APIResponse(responseCode = "400", description = "by, a year, genre, limit or offset out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReleaseCounts releases(@QueryParam("by") @DefaultValue("month")
                                  @Parameter(schema = @Schema(enumeration = {"month", "weekday"})) String by,
                                  @Valid @BeanParam Window window) {
        boolean byWeekday = switch (by.strip()) {
            case "month" -> false;
            case "weekday" -> true;
            default -> throw ProblemException.badRequest("by", "must be month or weekday");
        };
        return insights.releases(byWeekday, window.filter(null), window.limit, window.offset);
    }

    @GET
    @Path("/collections")
    @Operation(operationId = "collectionFigures",
            summary = "Collections (franchises) with their movies, budget and revenue totals, mean revenue and return")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MoneyFigures.Page.class)))
    @APIResponse(responseCode = "400", description = "a filter, sort, limit or offset out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MoneyFigures.Page collections(@QueryParam("name") @Size(max = 200) @Parameter(description = NAME) String name,
                                         @QueryParam("sort") @DefaultValue("revenueTotal")
                                         @Parameter(description = GROUP_SORT) String sort,
                                         @Valid @BeanParam Window window) {
        return groups(Grouping.COLLECTION, name, sort, window);
    }

    @GET
    @Path("/companies")
    @Operation(operationId = "companyFigures",
            summary = "Production companies with their movies, budget and revenue totals, mean revenue and return")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MoneyFigures.Page.class)))
    @APIResponse(responseCode = "400", description = "a filter, sort, limit or offset out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MoneyFigures.Page companies(@QueryParam("name") @Size(max = 200) @Parameter(description = NAME) String name,
                                       @QueryParam("sort") @DefaultValue("revenueTotal")
                                       @Parameter(description = GROUP_SORT) String sort,
                                       @Valid @BeanParam Window window) {
        return groups(Grouping.COMPANY, name, sort, window);
    }

    @GET
    @Path("/countries")
    @Operation(operationId = "countryFigures",
            summary = "Production countries with their movies, budget and revenue totals, mean revenue and return")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MoneyFigures.Page.class)))
    @APIResponse(responseCode = "400", description = "a filter, sort, limit or offset out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MoneyFigures.Page countries(@QueryParam("name") @Size(max = 200) @Parameter(description = NAME) String name,
                                       @QueryParam("sort") @DefaultValue("revenueTotal")
                                       @Parameter(description = GROUP_SORT) String sort,
                                       @Valid @BeanParam Window window) {
        return groups(Grouping.COUNTRY, name, sort, window);
    }

    @GET
    @Path("/movies")
    @Operation(operationId = "movieFigures", summary = "Movies (also those no MovieLens movie links to) with budget, "
            + "revenue and return, filtered by catalog movie id, collection, company, country, years and genre")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MovieMoney.Page.class)))
    @APIResponse(responseCode = "400", description = "a filter, sort, limit or offset out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MovieMoney.Page movies(@QueryParam("movieId") @Min(1) @Parameter(description = "the catalog (MovieLens) movie id")
                                  Integer movieId,
                                  @QueryParam("collection") @Size(max = 200) @Parameter(description = NAME) String collection,
                                  @QueryParam("company") @Size(max = 200) @Parameter(description = NAME) String company,
                                  @QueryParam("country") @Size(max = 200)
                                  @Parameter(description = NAME + " or the ISO 3166-1 code") String country,
                                  @QueryParam("sort") @DefaultValue("revenue")
                                  @Parameter(description = "revenue (default), budget, returnRatio, releaseDate, voteAverage "
                                          + "or title") String sort,
                                  @Valid @BeanParam Window window) {
        MovieOrder order = parse(MovieOrder.class, "sort", sort);
        return insights.movies(window.filter(null), new MovieGroups(movieId, blankToNull(collection), blankToNull(company),
                blankToNull(country)), order, window.limit, window.offset);
    }

    private static final String NAME = "part of the name, case and accents ignored";
    private static final String GROUP_SORT = "revenueTotal (default), revenueMean, budgetTotal, movies, returnRatio or name";

    private MoneyFigures.Page groups(Grouping grouping, String name, String sort, Window window) {
        GroupOrder order = parse(GroupOrder.class, "sort", sort);
        return insights.groups(grouping, window.filter(name), order, window.limit, window.offset);
    }

    /** {@code revenueTotal} names {@code REVENUE_TOTAL}. */
    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        String wanted = value.strip().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equals(wanted)).findFirst()
                .orElseThrow(() -> ProblemException.badRequest(field, "must be one of " + Arrays.stream(type.getEnumConstants())
                        .map(e -> camelCase(e.name())).collect(Collectors.joining(", "))));
    }

    private static String camelCase(String constant) {
        String[] words = constant.toLowerCase(Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            b.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return b.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
