package dev.recsys.recommendation.search;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /movies/similar}: a movie that is not in the catalog, described by its content. */
@Schema(name = "DescribedMovie")
public record DescribedMovie(
        @Schema(description = "at most 500 characters", maxLength = 500) String title,
        @Schema(description = "what happens in it; at most 5,000 characters (the first 800 or so are read)",
                maxLength = 5000) String plot,
        @Schema(description = "MovieLens genres (e.g. Comedy, Sci-Fi): at most 100", maxItems = 100) List<String> genres,
        @Schema(description = "directors' names as in the catalog: at most 100", maxItems = 100) List<String> directors,
        @Schema(description = "actors' names as in the catalog: at most 100", maxItems = 100) List<String> cast,
        @Schema(description = "how many movies to return, 1-100 (default 10)", minimum = "1", maximum = "100")
        Integer limit) {
}
