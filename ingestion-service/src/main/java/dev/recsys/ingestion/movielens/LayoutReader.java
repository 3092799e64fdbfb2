package dev.recsys.ingestion.movielens;

import dev.recsys.ingestion.load.RowRejected;
import dev.recsys.ingestion.load.UserUpserts.Demographics;
import java.util.List;

/**
 * Reads the text rows of one MovieLens layout (movies, tags, users); ratings, the bulk of every
 * release, are parsed from bytes by {@link MovieLensLoader} with the layout's separator. Each
 * method throws {@link dev.recsys.ingestion.load.RowRejected} for a row it cannot read.
 */
interface LayoutReader {

    MovieRow movie(String line);

    /** userId, movieId, tag and timestamp, as written. */
    default List<String> tagFields(String line) {
        throw new RowRejected("this release has no tags file");
    }

    default Demographics user(String line) {
        throw new RowRejected("this release has no users file");
    }

    /** Genres as the CSV and .dat releases list them: separated by '|', none for "(no genres listed)". */
    static List<String> genreList(String genres) {
        String g = genres.strip();
        return g.isEmpty() || g.equals("(no genres listed)") ? List.of() : List.of(g.split("\\|"));
    }

    static MovieTitles.TitleAndYear title(String raw) {
        if (raw.isBlank()) {
            throw new RowRejected("title is empty");
        }
        return MovieTitles.split(raw);
    }
}
