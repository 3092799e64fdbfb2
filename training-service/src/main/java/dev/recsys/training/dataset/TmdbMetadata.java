package dev.recsys.training.dataset;

import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.ReleaseFacts;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog's TMDB metadata as training reads it: per TMDB movie its {@link ReleaseFacts} (companies,
 * countries as ISO codes, keywords, collection, budget, month, language, TMDB vote) and its TMDB people
 * (directors, writers, the top-billed cast), and what a movie no catalog movie links to is as content.
 */
final class TmdbMetadata {

    /** The cast a movie keeps: more than the public-rating model reads, as many as IMDb's principals give. */
    static final int MAX_CAST = 10;
    /** TMDB's genre names where MovieLens names the same genre otherwise. */
    private static final Map<String, String> MOVIELENS_GENRES = Map.of("Science Fiction", "Sci-Fi", "Family", "Children",
            "Music", "Musical");

    /** One TMDB movie: its facts, people and what content needs besides. */
    record Movie(int tmdbId, String title, Integer year, Integer runtime, List<String> genres, ReleaseFacts facts,
                 List<String> directors, List<String> writers, List<String> cast, boolean linked) {

        /** A catalog movie's content with these facts, and TMDB's people for a role IMDb gave none. */
        ItemContent completing(ItemContent c) {
            return new ItemContent(c.genres(), c.title(), c.directors().isEmpty() ? directors : c.directors(),
                    c.writers().isEmpty() ? writers : c.writers(), c.cast().isEmpty() ? cast : c.cast(), c.year(),
                    c.runtime() == null ? runtime : c.runtime(), c.imdbRating(), c.imdbVotes(), c.textVector(),
                    c.releaseTextVector(), facts);
        }

        /** The content of a TMDB movie no catalog movie links to. */
        ItemContent content() {
            return new ItemContent(genres, title, directors, writers, cast, year, runtime, null, null, null, null, facts);
        }
    }

    private TmdbMetadata() {
    }

    /** Every TMDB movie by TMDB id; empty when the catalog has no TMDB tables yet (an older catalog schema). */
    static Map<Integer, Movie> read(Connection c, int fetchSize) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT to_regclass('catalog.tmdb_movies')")) {
            if (!rs.next() || rs.getString(1) == null) {
                return Map.of();
            }
        }
        Map<Integer, Map<String, List<String>>> names = new HashMap<>();
        forEach(c, fetchSize, """
                SELECT tmdb_id, kind, coalesce(CASE WHEN kind = 'country' THEN upper(code) END, name)
                FROM catalog.tmdb_movie_names WHERE kind <> 'language' ORDER BY tmdb_id, kind, position""",
                rs -> names.computeIfAbsent(rs.getInt(1), k -> new HashMap<>())
                        .computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(rs.getString(3)));
        Map<Integer, List<List<String>>> people = new HashMap<>();
        forEach(c, fetchSize, """
                SELECT tmdb_id, CASE WHEN kind = 'cast' THEN 2 WHEN job = 'Director' THEN 0 ELSE 1 END, name
                FROM catalog.tmdb_credits
                WHERE kind = 'cast' AND position < %d OR job = 'Director' OR department = 'Writing'
                ORDER BY tmdb_id, kind, billing_order NULLS LAST, position""".formatted(MAX_CAST),
                rs -> people.computeIfAbsent(rs.getInt(1), k -> List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()))
                        .get(rs.getInt(2)).add(rs.getString(3)));
        Map<Integer, Movie> movies = new HashMap<>();
        forEach(c, fetchSize, """
                SELECT t.tmdb_id, t.title, t.release_year, t.runtime_minutes, t.genres, t.budget, t.release_month,
                       t.original_language, t.collection, t.vote_average, t.vote_count,
                       EXISTS (SELECT 1 FROM catalog.movies m WHERE m.tmdb_id = t.tmdb_id)
                FROM catalog.tmdb_movies t""", rs -> {
                    int tmdbId = rs.getInt(1);
                    Map<String, List<String>> lists = names.getOrDefault(tmdbId, Map.of());
                    List<List<String>> credits = people.getOrDefault(tmdbId, List.of(List.of(), List.of(), List.of()));
                    ReleaseFacts facts = new ReleaseFacts(rs.getObject(6, Long.class), rs.getObject(7, Integer.class),
                            rs.getString(8), lists.get("company"), lists.get("country"), lists.get("keyword"), rs.getString(9),
                            rs.getObject(10, Float.class), rs.getObject(11, Integer.class));
                    movies.put(tmdbId, new Movie(tmdbId, rs.getString(2), rs.getObject(3, Integer.class), rs.getObject(4, Integer.class),
                            movieLensGenres(rs.getArray(5)), facts, credits.get(0), credits.get(1), credits.get(2),
                            rs.getBoolean(12)));
                });
        return movies;
    }

    private static List<String> movieLensGenres(Array genres) throws SQLException {
        return genres == null ? List.of() : Arrays.stream((String[]) genres.getArray())
                .map(g -> MOVIELENS_GENRES.getOrDefault(g, g)).distinct().toList();
    }

    @FunctionalInterface
    private interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void forEach(Connection c, int fetchSize, String sql, RowConsumer consumer) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.setFetchSize(fetchSize);
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    consumer.accept(rs);
                }
            }
        }
    }

}
