package dev.recsys.recommendation.api;

import java.util.List;

/** Recommendations for a visitor, folded in from the ratings in the request. */
public record AnonymousRecommendations(String source, Long modelVersion, List<Recommendations.Item> items,
                                       List<Integer> unknownMovieIds) {
}
