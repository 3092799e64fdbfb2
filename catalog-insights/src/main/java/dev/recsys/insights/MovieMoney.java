package dev.recsys.insights;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A TMDB movie's money: also movies that no MovieLens movie links to (no movieId then). */
@Schema(name = "MovieMoney")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MovieMoney(
        @Schema(examples = "862") int tmdbId,
        @Schema(description = "the catalog movie linked to it; absent for a TMDB-only movie", examples = "1") Integer movieId,
        @Schema(examples = "tt0114709") String imdbId,
        String title,
        LocalDate releaseDate,
        Integer year,
        String collection,
        @Schema(description = "US dollars; absent when unknown") Long budget,
        @Schema(description = "US dollars; absent when unknown") Long revenue,
        @Schema(description = "revenue / budget; absent unless both are known") Double returnRatio,
        Float voteAverage,
        Integer voteCount) {

    /** A page of movies. */
    @Schema(name = "MovieMoneyPage")
    public record Page(List<MovieMoney> items, long total, int limit, int offset) {
    }
}
