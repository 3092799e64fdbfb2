package dev.recsys.ingestion.movielens;

import dev.recsys.ingestion.load.PgBinaryCopy;
import dev.recsys.ingestion.load.StagingTables;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/** Merges movies and their links into {@code catalog.movies}, touching only what changed. */
final class MovieUpserts {

    private MovieUpserts() {
    }

    /** IMDb and TMDb ids missing from the release keep their stored values. */
    static StagingTables.Merged upsert(Connection connection, Collection<MovieRow> movies) throws SQLException {
        stage(connection, movies);
        return StagingTables.merge(connection, """
                INSERT INTO catalog.movies AS m (movie_id, title, year, genres, imdb_id, tmdb_id)
                SELECT movie_id, title, year, string_to_array(genres, '|'), imdb_id, tmdb_id FROM movies_incoming
                ON CONFLICT (movie_id) DO UPDATE
                    SET title = EXCLUDED.title, year = EXCLUDED.year, genres = EXCLUDED.genres,
                        imdb_id = coalesce(EXCLUDED.imdb_id, m.imdb_id),
                        tmdb_id = coalesce(EXCLUDED.tmdb_id, m.tmdb_id), updated_at = now()
                    WHERE (m.title, m.year, m.genres, m.imdb_id, m.tmdb_id) IS DISTINCT FROM
                          (EXCLUDED.title, EXCLUDED.year, EXCLUDED.genres,
                           coalesce(EXCLUDED.imdb_id, m.imdb_id), coalesce(EXCLUDED.tmdb_id, m.tmdb_id))
                """);
    }

    /** Sets IMDb/TMDb ids of movies already in the catalog (a links file given without its movies file). */
    static long updateLinks(Connection connection, Collection<MovieRow> links) throws SQLException {
        stage(connection, links);
        String update = """
                UPDATE catalog.movies m SET imdb_id = l.imdb_id, tmdb_id = l.tmdb_id, updated_at = now()
                FROM movies_incoming l
                WHERE m.movie_id = l.movie_id AND (m.imdb_id, m.tmdb_id) IS DISTINCT FROM (l.imdb_id, l.tmdb_id)
                """;
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate(update);
        }
    }

    static IntSet movieIds(Connection connection) throws SQLException {
        IntSet ids = new IntOpenHashSet();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT movie_id FROM catalog.movies")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }

    private static void stage(Connection connection, Collection<MovieRow> movies) throws SQLException {
        StagingTables.prepare(connection, "movies_incoming",
                "movie_id integer, title text, year smallint, genres text, imdb_id integer, tmdb_id integer");
        try (PgBinaryCopy copy = PgBinaryCopy.start(connection, "movies_incoming",
                "movie_id, title, year, genres, imdb_id, tmdb_id")) {
            for (MovieRow m : movies) {
                copy.startRow(6);
                copy.int4(m.movieId());
                copy.text(m.title());
                copy.int2OrNull(m.year());
                copy.text(m.genres() == null ? null : String.join("|", m.genres()));
                copy.int4OrNull(m.imdbId());
                copy.int4OrNull(m.tmdbId());
            }
            copy.finish();
        }
    }
}
