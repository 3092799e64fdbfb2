package dev.recsys.recommendation.search;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of {@code GET /movies/search}: title matches first, then movies whose text is nearest the query. */
@Schema(name = "SearchResults")
public record SearchResults(
        @Schema(description = "the query as received") String query,
        TextIndex textIndex,
        List<Hit> items) {

    /** What the search could read: with no text vectors stored yet only titles are matched. */
    @Schema(name = "TextIndex")
    public record TextIndex(
            @Schema(description = "catalog movies this replica's index holds") int movies,
            @Schema(description = "of those, movies whose text (title, tags, plot) is embedded") int embeddedMovies,
            @Schema(enumeration = {"ready", "empty"},
                    description = "ready: titles and texts are searched; empty: no movie text is embedded yet "
                            + "(ingestion has not computed them), so only titles are matched")
            String state,
            @Schema(description = "when this replica last read the catalog's movies and texts") Instant loadedAt) {

        static TextIndex of(SearchIndex index) {
            return new TextIndex(index.size(), index.embeddedCount(), index.embeddedCount() > 0 ? "ready" : "empty",
                    index.loadedAt());
        }
    }

    @Schema(name = "SearchHit")
    public record Hit(
            int rank,
            int movieId,
            String title,
            Integer year,
            List<String> genres,
            @Schema(description = "cosine similarity (-1 to 1) between the query and the movie's text; "
                    + "null when the movie's text is not embedded yet")
            Double score,
            @Schema(enumeration = {"title", "text"},
                    description = "title: the title is the query (case, punctuation and a leading article aside), "
                            + "starts with it or has all its words (listed first, exact titles before the others); "
                            + "text: found by the meaning of its title, tags and plot")
            String matched) {
    }
}
