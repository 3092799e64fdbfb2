package dev.recsys.modelruntime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A registered model version with what it was trained on and how good it is. */
@Schema(name = "ModelVersion")
public record ModelVersion(
        long version,
        @Schema(enumeration = {"CANDIDATE", "ACTIVE", "RETIRED"}) String status,
        long trainingRunId,
        Instant createdAt,
        Instant activatedAt,
        @Schema(description = "training parameters") JsonNode params,
        @Schema(description = "{model, baselines: {globalMean, bias, popularity}, evaluation}") JsonNode metrics,
        @Schema(description = "users, movies, ratings, trainRatings, testRatings") JsonNode dataSnapshot,
        @Schema(description = "[{epoch, trainLoss, validationRmse, seconds}]") JsonNode trainingCurve) {
}
