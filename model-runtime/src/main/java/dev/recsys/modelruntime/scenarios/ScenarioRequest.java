package dev.recsys.modelruntime.scenarios;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /scenarios}: a planned movie and the alternatives to compare. */
@Schema(name = "ScenarioRequest")
public record ScenarioRequest(
        @Schema(required = true, description = "the planned movie, as /predictions/new-movie takes it") Movie base,
        @Schema(description = "alternative values per field; every combination is scored (at most 1,000)")
        Variations variations,
        @Schema(enumeration = {"meanRating", "audience", "imdbRating", "tmdbRating"}, description = "how variants are "
                + "ranked (default meanRating; imdbRating or tmdbRating: by the predicted public rating, when the version's "
                + "public-rating model learned that scale)")
        String objective,
        @Schema(description = "how many variants to return, best first (1-100, default 10)") Integer top) {

    /** A movie described by its content. */
    @Schema(name = "ScenarioMovie")
    public record Movie(String title, Integer year, Integer runtime, List<String> genres, List<String> directors,
                        List<String> writers, List<String> actors, Float imdbRating, Integer imdbVotes,
                        @Schema(description = "what the movie is about (at most 5,000 characters); read with the title "
                                + "when the active model reads movie text, else listed in unusedFields")
                        String plot,
                        @Schema(description = "TMDB's fields, as /predictions/new-movie takes them (public rating only)")
                        Long budget, Integer releaseMonth, String originalLanguage, List<String> companies,
                        List<String> countries, List<String> keywords, String collection) {
    }

    /** For each field, the values to try in place of the base's (a field left out keeps the base's value). */
    @Schema(name = "ScenarioVariations")
    public record Variations(@Schema(description = "at most 20 titles (each is embedded with the plot)") List<String> titles, List<Integer> years, List<Integer> runtimes,
                             List<List<String>> genres, List<List<String>> directors, List<List<String>> writers,
                             List<List<String>> actors,
                             @Schema(description = "budgets in US dollars (read by the public-rating model)",
                                     examples = "[5000000, 50000000]") List<Long> budgets,
                             @Schema(description = "production companies (read by the public-rating model)")
                             List<List<String>> companies) {
    }
}
