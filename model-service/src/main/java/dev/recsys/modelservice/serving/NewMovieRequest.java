package dev.recsys.modelservice.serving;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /predictions/new-movie}: a movie that is in no catalog, described by its content. */
@Schema(name = "NewMovieRequest")
public record NewMovieRequest(
        @Schema(description = "one user; omit (and omit userIds) for the average user") Integer userId,
        @Schema(description = "up to 10,000 users scored in one call (instead of userId)", examples = "[1, 2, 3]")
        List<Integer> userIds,
        @Schema(required = true, examples = "The Silent Harbor") String title,
        @Schema(examples = "[\"Drama\", \"Mystery\"]") List<String> genres,
        @Schema(description = "names, as in IMDb") List<String> directors,
        @Schema(description = "names, top-billed first") List<String> actors,
        List<String> writers,
        @Schema(examples = "112") Integer runtime,
        @Schema(examples = "2024") Integer year,
        @Schema(description = "IMDb average rating, when the movie has one (optional for unreleased movies)",
                examples = "7.4") Float imdbRating,
        @Schema(description = "IMDb vote count, with imdbRating", examples = "12000") Integer imdbVotes,
        @Schema(description = "what the movie is about (at most 5,000 characters, no control characters); embedded "
                + "with the title when the active model reads movie text, else listed in unusedFields",
                examples = "A lighthouse keeper finds a stranger washed ashore during a winter storm.") String plot) {
}
