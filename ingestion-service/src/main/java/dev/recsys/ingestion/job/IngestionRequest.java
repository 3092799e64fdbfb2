package dev.recsys.ingestion.job;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /ingestions}. */
@Schema(name = "IngestionRequest")
public record IngestionRequest(
        @NotNull
        @Schema(enumeration = {"movielens", "imdb", "plots", "tmdb"}, examples = "movielens",
                description = "movielens: a MovieLens release; imdb: IMDb dumps; plots: a CSV of movieId,plot or imdbId,plot; "
                        + "tmdb: TMDB metadata (The Movies Dataset or TMDB 5000)")
        Source source,
        @NotBlank
        @Schema(description = "a directory, a file, a .zip, a .gz, or an http(s) URL of a zip/gz, as seen by the service",
                examples = "/data/ml-latest-small")
        String location) {
}
