package dev.recsys.insights;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The money of a group of movies (a collection, a production company, a country). Unknown budgets and
 * revenues (TMDB writes 0) are left out of the sums, never counted as 0: the counts of movies with a known
 * budget and revenue say how much each sum covers.
 */
@Schema(name = "MoneyFigures")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MoneyFigures(
        @Schema(examples = "Toy Story Collection") String name,
        @Schema(description = "ISO 3166-1 code (countries only)", examples = "US") String code,
        @Schema(description = "movies in the group that match the filters") long movies,
        long moviesWithBudget,
        long moviesWithRevenue,
        @Schema(description = "sum of the known budgets, US dollars; absent when none is known") Long budgetTotal,
        @Schema(description = "sum of the known revenues, US dollars; absent when none is known") Long revenueTotal,
        @Schema(description = "revenueTotal / moviesWithRevenue") Double revenueMean,
        @Schema(description = "sum of revenue / sum of budget over the movies with both known; absent when there is none")
        Double returnRatio) {

    /** A page of groups. */
    @Schema(name = "MoneyFiguresPage")
    public record Page(List<MoneyFigures> items, long total, int limit, int offset,
                       @Schema(description = "how the sums treat unknown budgets and revenues") String note) {
    }

    static final String NOTE = "budgetTotal, revenueTotal and revenueMean cover only the movies whose budget or revenue "
            + "is known (moviesWithBudget, moviesWithRevenue): TMDB writes 0 for unknown, which is never summed as 0. "
            + "returnRatio is the sum of revenue over the sum of budget of the movies with both known.";
}
