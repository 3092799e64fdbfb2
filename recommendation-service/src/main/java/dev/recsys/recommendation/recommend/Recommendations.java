package dev.recsys.recommendation.recommend;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user's top-N and where it came from. */
@Schema(name = "Recommendations")
@JsonPropertyOrder({"recommendationId", "userId", "experiment", "variant", "source", "modelVersion", "generatedAt",
    "degraded", "folded", "items"})
public record Recommendations(
        @Schema(description = "Names this list: send it with the feedback events (impression, click, …) it causes, "
                + "so they can be attributed to it. New for every response.")
        UUID recommendationId,
        int userId,
        @Schema(description = "the running experiment the user is in (absent outside one): send it on with the events")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        Long experiment,
        @Schema(description = "the user's variant of that experiment")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        String variant,
        @Schema(enumeration = {"batch", "live", "popular"},
                description = "batch: the latest batch run; live: scored now (no batch list yet, or the user's ratings changed since it); popular: the user has no ratings the model knows")
        String source,
        Long modelVersion,
        Instant generatedAt,
        @Schema(description = "true when the database could not be read and the answer came from what this replica "
                + "had cached: a movie rated since the last check may still be listed. Absent otherwise.")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        Boolean degraded,
        @Schema(description = "true when the list was scored from the user's current ratings with a user vector "
                + "folded in from them (a user who rated after the last training, or whose tastes moved since). Absent otherwise.")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        Boolean folded,
        List<Item> items) {

    /** A new list: a fresh {@code recommendationId}. */
    public Recommendations(int userId, String source, Long modelVersion, Instant generatedAt, List<Item> items) {
        this(UUID.randomUUID(), userId, null, null, source, modelVersion, generatedAt, null, null, items);
    }

    Recommendations withItems(List<Item> newItems) {
        return new Recommendations(recommendationId, userId, experiment, variant, source, modelVersion, generatedAt,
                degraded, folded, newItems);
    }

    Recommendations markedDegraded() {
        return new Recommendations(recommendationId, userId, experiment, variant, source, modelVersion, generatedAt, true,
                folded, items);
    }

    Recommendations inExperiment(long experimentId, String variantName) {
        return new Recommendations(recommendationId, userId, experimentId, variantName, source, modelVersion, generatedAt,
                degraded, folded, items);
    }

    Recommendations asFolded() {
        return new Recommendations(recommendationId, userId, experiment, variant, source, modelVersion, generatedAt,
                degraded, true, items);
    }

    /** One recommended movie. {@code reasons} only with {@code explain=true}. */
    @JsonPropertyOrder({"rank", "movieId", "title", "year", "genres", "predictedRating", "reasons"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int rank, int movieId, String title, Integer year, List<String> genres, Double predictedRating,
                       List<String> reasons) {

        public Item(int rank, int movieId, String title, Integer year, List<String> genres, Double predictedRating) {
            this(rank, movieId, title, year, genres, predictedRating, null);
        }

        Item withReasons(List<String> newReasons) {
            return new Item(rank, movieId, title, year, genres, predictedRating, newReasons);
        }
    }
}
