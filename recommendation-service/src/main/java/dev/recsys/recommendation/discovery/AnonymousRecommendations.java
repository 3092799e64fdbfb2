package dev.recsys.recommendation.discovery;

import dev.recsys.recommendation.recommend.Recommendations;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Recommendations for a visitor, folded in from the ratings in the request. */
public record AnonymousRecommendations(
        @Schema(description = "Names this list, for the feedback events it causes; new for every response")
        UUID recommendationId, String source, Long modelVersion, List<Recommendations.Item> items,
        List<Integer> unknownMovieIds) {

    /** A new list: a fresh {@code recommendationId}. */
    public AnonymousRecommendations(String source, Long modelVersion, List<Recommendations.Item> items,
                                    List<Integer> unknownMovieIds) {
        this(UUID.randomUUID(), source, modelVersion, items, unknownMovieIds);
    }
}
