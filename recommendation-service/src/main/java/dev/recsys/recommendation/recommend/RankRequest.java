package dev.recsys.recommendation.recommend;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /users/{userId}/recommendations/rank}. */
@Schema(name = "RankRequest")
public record RankRequest(@Schema(required = true, maxItems = 1000) List<Integer> movieIds) {
}
