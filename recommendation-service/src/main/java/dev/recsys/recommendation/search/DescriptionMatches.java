package dev.recsys.recommendation.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of {@code POST /movies/similar}: the catalog movies nearest a described movie, and what matched. */
@Schema(name = "DescriptionMatches")
public record DescriptionMatches(
        SearchResults.TextIndex textIndex,
        @Schema(description = "true when the catalog's credits could not be read, so people were not compared. "
                + "Absent otherwise.")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        Boolean degraded,
        List<Match> items) {

    @Schema(name = "DescriptionMatch")
    public record Match(
            int rank,
            int movieId,
            String title,
            Integer year,
            List<String> genres,
            @Schema(description = "what the list is ordered by: textSimilarity + 0.1 x the share of genres in common "
                    + "(Jaccard) + 0.05 per shared person (up to 3) + 0.01 x popularity percentile")
            double score,
            @Schema(description = "cosine similarity (-1 to 1) of the described title and plot with the movie's text; "
                    + "null when either has no text")
            Double textSimilarity,
            @Schema(description = "the described genres this movie has") List<String> sharedGenres,
            @Schema(description = "the described directors and cast who worked on this movie") List<String> sharedPeople) {
    }
}
