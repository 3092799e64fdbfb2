package dev.recsys.ingestion.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A movie with what IMDb and TMDB add: runtime, ratings, money, release date and credits (IMDb's people,
 * merged with TMDB's cast and crew by name where both are loaded).
 */
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
                + "(1-10) with its 80 % interval; absent otherwise") PredictedImdbRating predictedImdbRating,
        @Schema(description = "release date (TMDB); absent when unknown") LocalDate releaseDate,
        @Schema(description = "budget in US dollars (TMDB); absent when unknown (TMDB writes 0)", examples = "30000000")
        Long budget,
        @Schema(description = "worldwide revenue in US dollars (TMDB); absent when unknown", examples = "373554033")
        Long revenue,
        @Schema(description = "revenue / budget; absent unless both are known", examples = "12.45") Double returnRatio,
        @Schema(description = "the rest of the TMDB metadata; absent when no TMDB movie is linked") TmdbFacts tmdb) {

    /** A predicted IMDb rating and its 80 % interval. */
    @Schema(name = "PredictedImdbRating")
    public record PredictedImdbRating(@Schema(examples = "6.9") double predicted, @Schema(examples = "5.8") double low,
                                      @Schema(examples = "7.8") double high) {
    }

    /**
     * A credited person: the IMDb id where IMDb credits them, the TMDB id where TMDB does (the two are one
     * person when their names match on this movie), the character played or the job.
     */
    @Schema(name = "Person")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PersonRef(@Schema(examples = "nm0005124") String personId, String name,
                            @Schema(examples = "7879") Integer tmdbPersonId,
                            @Schema(description = "cast only", examples = "Woody (voice)") String character,
                            @Schema(description = "crew only", examples = "Screenplay") String job) {

        public PersonRef(String personId, String name) {
            this(personId, name, null, null, null);
        }
    }

    /** TMDB's metadata of the movie. */
    @Schema(name = "TmdbFacts")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TmdbFacts(@Schema(examples = "https://www.themoviedb.org/movie/862") String url,
                            String originalTitle,
                            @Schema(description = "ISO 639-1", examples = "en") String originalLanguage,
                            List<NamedCode> spokenLanguages,
                            List<String> companies,
                            @Schema(description = "production countries, ISO 3166-1 code and name") List<NamedCode> countries,
                            @Schema(examples = "Toy Story Collection") String collection,
                            List<String> keywords,
                            String overview,
                            String tagline,
                            @Schema(examples = "7.7") Float voteAverage,
                            @Schema(examples = "5415") Integer voteCount,
                            @Schema(description = "TMDB's producers (every job with 'Producer' in it), in file order") List<PersonRef> producers) {
    }

    /** A code (ISO 3166-1 country, ISO 639-1 language) and its name. */
    @Schema(name = "NamedCode")
    public record NamedCode(@Schema(examples = "US") String code, @Schema(examples = "United States of America") String name) {
    }
}
