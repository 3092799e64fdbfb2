package dev.recsys.recommendation.discovery;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /recommendations/anonymous}: a visitor's ratings, not stored anywhere. */
@Schema(name = "AnonymousRequest")
public record AnonymousRequest(
        List<Rated> ratings,
        Integer limit,
        String genre,
        @Schema(description = "Movies the visitor does not want recommended (not interested, already seen): at most 1,000 ids",
                maxItems = 1000)
        List<Integer> exclude,
        @Schema(description = "0-1: spread the list over kinds of movies; 0 keeps it as ranked (default: the service's)",
                minimum = "0", maximum = "1")
        Double diversity,
        @Schema(description = "0-1: discount movies already recommended to many users; 0 keeps the list as ranked "
                + "(default: the service's)",
                minimum = "0", maximum = "1")
        Double novelty) {

    public record Rated(Integer movieId, Double rating) {
    }
}
