package dev.recsys.modelruntime.scenarios;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The variants of a planned movie, best first by the chosen objective. */
@Schema(name = "ScenarioResponse")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScenarioResponse(long modelVersion, int combinations, String objective, int users,
                               @Schema(description = "true when audiences are estimated from a sample of users "
                                       + "(big catalogs)") boolean audienceSampled,
                               List<Variant> variants,
                               @Schema(description = "people no training movie had: scored as unknown, not guessed")
                               List<String> unknownPeople,
                               @Schema(description = "values the model could not use (unknown genres, ...)")
                               List<String> unusedFields,
                               @Schema(description = "the five released movies most like the base movie (shared people, "
                                       + "genres, year), with their real IMDb rating; absent without an IMDb-rating model")
                               List<SimilarReleased> similarReleased) {

    public ScenarioResponse(long modelVersion, int combinations, String objective, int users, boolean audienceSampled,
                            List<Variant> variants, List<String> unknownPeople, List<String> unusedFields) {
        this(modelVersion, combinations, objective, users, audienceSampled, variants, unknownPeople, unusedFields, null);
    }

    /** A predicted IMDb rating (1-10) with its 80 % interval. */
    @Schema(name = "ScenarioImdbRating")
    public record ImdbRating(double predicted, double low, double high) {
    }

    /** A released movie like the planned one, with its real IMDb rating and page. */
    @Schema(name = "SimilarReleasedMovie")
    public record SimilarReleased(int movieId, String title, Integer year, double imdbRating, int imdbVotes,
                                  @Schema(examples = "https://www.imdb.com/title/tt0114709/") String imdbUrl) {
    }

    /** One combination: the values it varied, and what the users would think of it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Variant(int rank, Map<String, Object> values,
                          @Schema(description = "mean predicted rating over every user of the served version")
                          double meanRating,
                          @Schema(description = "users whose current top-20 (by predicted rating, among the movies "
                                  + "they have not rated) it would enter") long audience,
                          @Schema(description = "mean predicted rating per taste segment (empty when the version "
                                  + "has none)") List<SegmentRating> segments,
                          @Schema(description = "predicted IMDb rating with its 80 % interval; absent when the version "
                                  + "has no IMDb-rating model (unusedFields says why)") ImdbRating imdbRating,
                          @Schema(description = "instead of imdbRating, when the version learned TMDB's vote average")
                          ImdbRating tmdbRating) {

        public Variant(int rank, Map<String, Object> values, double meanRating, long audience, List<SegmentRating> segments) {
            this(rank, values, meanRating, audience, segments, null, null);
        }

        /** The predicted public rating on whichever scale the version learned. */
        ImdbRating publicRating() {
            return imdbRating != null ? imdbRating : tmdbRating;
        }
    }

    public record SegmentRating(int segment, Double meanRating) {
    }
}
