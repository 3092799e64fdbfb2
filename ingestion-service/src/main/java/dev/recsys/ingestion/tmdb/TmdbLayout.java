package dev.recsys.ingestion.tmdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** The two public TMDB layouts: their file names, and how their list cells are written. */
enum TmdbLayout {

    /** Kaggle's "The Movies Dataset" (45,466 movies): lists written as Python literals. */
    MOVIES_DATASET("The Movies Dataset", "movies_metadata.csv", "credits.csv",
            List.of("adult", "belongs_to_collection", "budget", "genres", "homepage", "id", "imdb_id",
                    "original_language", "original_title", "overview", "popularity", "poster_path", "production_companies",
                    "production_countries", "release_date", "revenue", "runtime", "spoken_languages", "status", "tagline",
                    "title", "video", "vote_average", "vote_count"),
            List.of("cast", "crew", "id")),
    /** Kaggle's "TMDB 5000" (4,803 movies): lists written as JSON, keywords in the movies file. */
    TMDB_5000("TMDB 5000", "tmdb_5000_movies.csv", "tmdb_5000_credits.csv",
            List.of("budget", "genres", "homepage", "id", "keywords", "original_language", "original_title", "overview",
                    "popularity", "production_companies", "production_countries", "release_date", "revenue", "runtime",
                    "spoken_languages", "status", "tagline", "title", "vote_average", "vote_count"),
            List.of("movie_id", "title", "cast", "crew"));

    /** The Movies Dataset's keywords file. */
    static final String KEYWORDS = "keywords.csv";
    /** MovieLens ids beside IMDb and TMDB ids; The Movies Dataset ships both (links_small.csv covers ml-latest-small). */
    static final List<String> LINKS = List.of("links.csv", "links_small.csv");

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    final String title;
    final String moviesFile;
    final String creditsFile;
    final List<String> movieColumns;
    final List<String> creditColumns;

    TmdbLayout(String title, String moviesFile, String creditsFile, List<String> movieColumns, List<String> creditColumns) {
        this.title = title;
        this.moviesFile = moviesFile;
        this.creditsFile = creditsFile;
        this.movieColumns = movieColumns;
        this.creditColumns = creditColumns;
    }

    /**
     * A list or dict cell as Java lists, maps, strings, numbers; null for an empty cell or None.
     * Throws {@link IllegalArgumentException} with the reason when the cell is no literal of this layout.
     */
    Object parseCell(String cell) {
        String text = cell.strip();
        if (text.isEmpty()) {
            return null;
        }
        if (this == MOVIES_DATASET) {
            try {
                return PythonLiteral.parse(text);
            } catch (PythonLiteral.MalformedLiteral e) {
                throw new IllegalArgumentException("not a Python literal: " + e.getMessage());
            }
        }
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage() + " at character "
                    + (e.getLocation() == null ? "?" : e.getLocation().getCharOffset() + 1));
        }
    }
}
