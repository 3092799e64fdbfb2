package dev.recsys.recommendation.discovery;

import dev.recsys.recommendation.recommend.Recommendations;
import java.util.List;

/** Recommendations for a visitor, folded in from the ratings in the request. */
public record AnonymousRecommendations(String source, Long modelVersion, List<Recommendations.Item> items,
                                       List<Integer> unknownMovieIds) {
}
