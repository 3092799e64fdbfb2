package dev.recsys.modelruntime.scenarios;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The variants of a planned movie, best first by the chosen objective. */
@Schema(name = "ScenarioResponse")
public record ScenarioResponse(long modelVersion, int combinations, String objective, int users,
                               @Schema(description = "true when audiences are estimated from a sample of users "
                                       + "(big catalogs)") boolean audienceSampled,
                               List<Variant> variants,
                               @Schema(description = "people no training movie had: scored as unknown, not guessed")
                               List<String> unknownPeople,
                               @Schema(description = "values the model could not use (unknown genres, ...)")
                               List<String> unusedFields) {

    /** One combination: the values it varied, and what the users would think of it. */
    public record Variant(int rank, Map<String, Object> values,
                          @Schema(description = "mean predicted rating over every user of the served version")
                          double meanRating,
                          @Schema(description = "users whose current top-20 (by predicted rating, among the movies "
                                  + "they have not rated) it would enter") long audience,
                          @Schema(description = "mean predicted rating per taste segment (empty when the version "
                                  + "has none)") List<SegmentRating> segments) {
    }

    public record SegmentRating(int segment, Double meanRating) {
    }
}
