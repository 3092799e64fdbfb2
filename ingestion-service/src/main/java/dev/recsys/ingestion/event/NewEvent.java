package dev.recsys.ingestion.event;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One feedback event posted by an application. Checked row by row, so fields may be missing or wrong here. */
@Schema(name = "NewEvent")
public record NewEvent(
        @Schema(required = true, examples = "42") Integer userId,
        @Schema(required = true, examples = "1") Integer movieId,
        @Schema(required = true, enumeration = {"impression", "click", "watch", "not-interested"},
                description = "not-interested removes the movie from the user's recommendations for good",
                examples = "click") String type,
        @Schema(description = "ISO-8601 time of the event (2026-12-01T09:30:00Z); now when left out") String at,
        @Schema(description = "The recommendationId of the list that showed the movie, when known") String recommendationId) {
}
