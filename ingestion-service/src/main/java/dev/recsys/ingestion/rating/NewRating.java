package dev.recsys.ingestion.rating;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One rating posted by an application. Checked row by row, so fields may be missing here. */
@Schema(name = "NewRating")
public record NewRating(
        @Schema(required = true, examples = "42") Integer userId,
        @Schema(required = true, examples = "1") Integer movieId,
        @Schema(required = true, description = "0.5 to 5.0 in half stars", examples = "4.5") Double rating,
        @Schema(description = "Unix time in seconds; now when left out") Long timestamp) {
}
