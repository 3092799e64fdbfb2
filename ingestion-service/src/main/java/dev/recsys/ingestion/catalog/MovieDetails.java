package dev.recsys.ingestion.catalog;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A movie with what IMDb adds: runtime, rating and credits (cast in billing order). */
@Schema(name = "Movie")
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
        List<PersonRef> cast) {

    /** A credited person: IMDb id and name. */
    @Schema(name = "Person")
    public record PersonRef(@Schema(examples = "nm0005124") String personId, String name) {
    }
}
