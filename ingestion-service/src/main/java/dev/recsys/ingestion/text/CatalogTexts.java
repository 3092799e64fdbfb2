package dev.recsys.ingestion.text;

import dev.recsys.text.MovieText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every catalog movie's {@link MovieText}, read in four queries: its title, the tags most of its users
 * gave it, its most relevant genome tags and its plot (an operator's, else its TMDB overview). Orders are total (ties broken by the tag's
 * bytes), so an unchanged catalog always gives the same texts and hashes.
 */
final class CatalogTexts {

    /** MovieLens writes "Shawshank Redemption, The"; a reader (and the model) knows "The Shawshank Redemption". */
    private static final Pattern TRAILING_ARTICLE = Pattern.compile("^(.+?), (The|A|An)( \\(.*\\))?$");

    private static final String TITLES = "SELECT movie_id, title FROM catalog.movies ORDER BY movie_id";
    // Tags are normalised (case, spaces) before they are counted: "Pixar" and "pixar " are one tag.
    private static final String USER_TAGS = """
            SELECT movie_id, tag FROM (
                SELECT movie_id, tag,
                       row_number() OVER (PARTITION BY movie_id ORDER BY users DESC, tag COLLATE "C") AS rank
                FROM (SELECT movie_id, lower(regexp_replace(btrim(tag), '\\s+', ' ', 'g')) AS tag,
                             count(DISTINCT user_id) AS users
                      FROM catalog.tags GROUP BY 1, 2) counted
            ) ranked
            WHERE rank <= ? ORDER BY movie_id, rank""";
    private static final String GENOME_TAGS =
            "SELECT movie_id, tag FROM catalog.genome_tags ORDER BY movie_id, relevance DESC, tag COLLATE \"C\"";
    // An operator's plot wins; else the overview of the TMDB movie the catalog movie links to.
    private static final String PLOTS = """
            SELECT m.movie_id, coalesce(p.plot, t.overview) FROM catalog.movies m
            LEFT JOIN catalog.movie_plots p USING (movie_id)
            LEFT JOIN catalog.tmdb_movies t ON t.tmdb_id = m.tmdb_id
            WHERE p.plot IS NOT NULL OR t.overview IS NOT NULL""";

    private CatalogTexts() {
    }

    /** The texts by movie id, in movie id order. */
    static Map<Integer, MovieText> read(Connection connection) throws SQLException {
        Map<Integer, Parts> parts = new LinkedHashMap<>();
        forEachRow(connection, TITLES, rows -> parts.put(rows.getInt(1), new Parts(readableTitle(rows.getString(2)))));
        // A few more than the text keeps: MovieText drops those that normalise to one already taken.
        forEachRow(connection, USER_TAGS, rows -> withParts(parts, rows).tags.add(rows.getString(2)), 2 * MovieText.MAX_TAGS);
        forEachRow(connection, GENOME_TAGS, rows -> withParts(parts, rows).genomeTags.add(rows.getString(2)));
        forEachRow(connection, PLOTS, rows -> withParts(parts, rows).plot = rows.getString(2));
        Map<Integer, MovieText> texts = new LinkedHashMap<>();
        parts.forEach((movieId, p) -> texts.put(movieId, new MovieText(p.title, p.tags, p.genomeTags, p.plot)));
        return texts;
    }

    static String readableTitle(String title) {
        Matcher m = TRAILING_ARTICLE.matcher(title.strip());
        return m.matches() ? m.group(2) + " " + m.group(1) + (m.group(3) == null ? "" : m.group(3)) : title.strip();
    }

    private static final class Parts {
        final String title;
        final List<String> tags = new ArrayList<>();
        final List<String> genomeTags = new ArrayList<>();
        String plot;

        Parts(String title) {
            this.title = title;
        }
    }

    /** The movie's parts; the tables' foreign keys guarantee the movie was read with the titles. */
    private static Parts withParts(Map<Integer, Parts> parts, ResultSet rows) throws SQLException {
        return parts.get(rows.getInt(1));
    }

    @FunctionalInterface
    private interface RowConsumer {
        void accept(ResultSet rows) throws SQLException;
    }

    private static void forEachRow(Connection connection, String sql, RowConsumer consumer, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.setFetchSize(10_000);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    consumer.accept(rows);
                }
            }
        }
    }
}
