package dev.recsys.recommendation.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A user's top-N and where it came from. */
@Schema(name = "Recommendations")
@JsonPropertyOrder({"userId", "source", "modelVersion", "generatedAt", "items"})
public record Recommendations(
        int userId,
        @Schema(enumeration = {"batch", "live", "popular"},
                description = "batch: the latest batch run; live: scored now; popular: the user has no ratings the model knows")
        String source,
        Long modelVersion,
        Instant generatedAt,
        List<Item> items) {

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
