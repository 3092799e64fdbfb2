package dev.recsys.modelservice.serving;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /predictions}. */
@Schema(name = "PredictionRequest")
public record PredictionRequest(
        @Schema(required = true, examples = "42") Integer userId,
        @Schema(required = true, maxItems = 10_000, description = "1 to 10,000 movie ids") List<Integer> movieIds) {
}
