package dev.recsys.ingestion.catalog;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A movie in search results. */
@Schema(name = "MovieSummary")
public record MovieSummary(int movieId, String title, Integer year, List<String> genres, Float imdbRating) {
}
