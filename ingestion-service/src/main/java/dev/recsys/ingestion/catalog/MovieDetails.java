package dev.recsys.ingestion.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A movie with what IMDb adds: runtime, rating and credits (cast in billing order). */
@Schema(name = "Movie")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MovieDetails(
        int movieId,
        String title,
        Integer year,
        List<String> genres,
        @Schema(examples = "tt0114709") String imdbId,
        Integer tmdbId,
        Integer runtime,
        Float imdbRating,
        Integer imdbVotes,
        List<PersonRef> directors,
        List<PersonRef> writers,
        List<PersonRef> cast,
        @Schema(description = "for a movie without an IMDb rating: the rating the active model version predicts for it "
                + "(1-10) with its 80 % interval; absent otherwise") PredictedImdbRating predictedImdbRating) {

    /** A predicted IMDb rating and its 80 % interval. */
    @Schema(name = "PredictedImdbRating")
    public record PredictedImdbRating(@Schema(examples = "6.9") double predicted, @Schema(examples = "5.8") double low,
                                      @Schema(examples = "7.8") double high) {
    }

    /** A credited person: IMDb id and name. */
    @Schema(name = "Person")
    public record PersonRef(@Schema(examples = "nm0005124") String personId, String name) {
    }
}
