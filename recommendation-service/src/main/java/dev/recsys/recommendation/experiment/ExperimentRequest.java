package dev.recsys.recommendation.experiment;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What POST /api/v1/experiments takes. */
@Schema(name = "ExperimentRequest")
public record ExperimentRequest(
        @Schema(description = "what is being tried, 1-100 characters", example = "new model, 50/50") String name,
        @Schema(description = "2 to 5 variants; the first is the control") List<Experiment.Variant> variants,
        @Schema(description = "optional: stops by itself at this time (in the future)") Instant endsAt) {
}
