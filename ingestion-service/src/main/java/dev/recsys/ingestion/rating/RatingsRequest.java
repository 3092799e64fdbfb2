package dev.recsys.ingestion.rating;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /ratings}: up to 10,000 ratings. */
@Schema(name = "RatingsRequest")
public record RatingsRequest(@Schema(required = true, maxItems = 10_000) List<NewRating> ratings) {
}
