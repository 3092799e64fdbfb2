package dev.recsys.modelservice.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Predicted ratings, clamped to [0.5, 5.0], in the order the movies were asked for. */
@Schema(name = "PredictionResponse")
public record PredictionResponse(long modelVersion, int userId,
                                 @Schema(description = "true when the model has never seen this user: predictions "
                                         + "come from the movies' biases and content") boolean coldStartUser,
                                 @Schema(description = "true when the model was not trained on this user but they have "
                                         + "rated since: predictions use a vector folded in from their latest ratings. "
                                         + "Absent otherwise.")
                                 @JsonInclude(JsonInclude.Include.NON_NULL) Boolean folded,
                                 List<Prediction> predictions, List<Integer> unknownMovieIds) {

    public record Prediction(int movieId, double rating) {
    }
}
