package dev.recsys.ingestion.catalog;

import dev.recsys.ingestion.catalog.MovieDetails.PersonRef;
import dev.recsys.platform.db.RequestDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads of the catalog: movies with credits, search, a user's ratings, sizes. */
@ApplicationScoped
public class CatalogRepository {

    /** Every read here is a request's: bounded when the database hangs ({@link RequestDatabase}). */
    private final RequestDatabase database;

    public CatalogRepository(RequestDatabase database) {
        this.database = database;
    }

    public Optional<MovieDetails> movie(int movieId) {
        String sql = "SELECT movie_id, title, year, genres, imdb_id, tmdb_id, runtime_minutes, imdb_rating, imdb_votes "
                + "FROM catalog.movies WHERE movie_id = ?";
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, movieId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<List<PersonRef>> credits = credits(c, movieId);
                Integer imdbId = (Integer) rs.getObject("imdb_id");
                Integer tmdbId = (Integer) rs.getObject("tmdb_id");
                Float imdbRating = rs.getObject("imdb_rating", Float.class);
                TmdbDetails tmdb = tmdbId == null ? null : TmdbDetails.read(c, tmdbId);
                return Optional.of(new MovieDetails(movieId, rs.getString("title"), (Integer) rs.getObject("year", Integer.class),
                        genres(rs.getArray("genres")), imdbId == null ? null : String.format(Locale.ROOT, "tt%07d", imdbId),
                        tmdbId, rs.getObject("runtime_minutes", Integer.class), imdbRating, (Integer) rs.getObject("imdb_votes"),
                        tmdb == null ? credits.get(0) : TmdbDetails.merge(credits.get(0), tmdb.directors()),
                        tmdb == null ? credits.get(1) : TmdbDetails.merge(credits.get(1), tmdb.writers()),
                        tmdb == null ? credits.get(2) : TmdbDetails.merge(credits.get(2), tmdb.cast()),
                        imdbRating == null ? predictedImdbRating(c, movieId) : null,
                        tmdb == null ? null : tmdb.releaseDate(), tmdb == null ? null : tmdb.budget(),
                        tmdb == null ? null : tmdb.revenue(), tmdb == null ? null : tmdb.returnRatio(),
                        tmdb == null ? null : tmdb.facts()));
            }
        } catch (SQLException e) {
            throw database.failed("could not read movie " + movieId, e);
        }
    }

    /**
     * The active model version's predicted IMDb rating of a movie (training-service writes them, for the
     * movies without one, when it registers a version); null before any such version exists.
     */
    private static MovieDetails.PredictedImdbRating predictedImdbRating(Connection c, int movieId) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT to_regclass('training.public_rating_predictions') IS NOT NULL");
             ResultSet rs = exists.executeQuery()) {
            if (!rs.next() || !rs.getBoolean(1)) {
                return null;   // training-service has not migrated its schema yet
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT p.predicted, p.low, p.high FROM training.public_rating_predictions p "
                + "JOIN training.model_versions v ON v.version = p.version AND v.status = 'ACTIVE' WHERE p.movie_id = ?")) {
            ps.setInt(1, movieId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new MovieDetails.PredictedImdbRating(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)) : null;
            }
        }
    }

    /** Directors, writers, cast, each in billing order. */
    private static List<List<PersonRef>> credits(Connection c, int movieId) throws SQLException {
        List<List<PersonRef>> byRole = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        String sql = "SELECT c.role, p.person_id, p.name FROM catalog.credits c JOIN catalog.people p USING (person_id) "
                + "WHERE c.movie_id = ? ORDER BY c.role, c.billing_order, p.name";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, movieId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int index = switch (rs.getString(1)) {
                        case "director" -> 0;
                        case "writer" -> 1;
                        default -> 2;
                    };
                    byRole.get(index).add(new PersonRef(String.format(Locale.ROOT, "nm%07d", rs.getInt(2)), rs.getString(3)));
                }
            }
        }
        return byRole;
    }

    public Page<MovieSummary> search(String query, String genre, int limit, int offset) {
        String where = " WHERE (?::text IS NULL OR title ILIKE '%' || ? || '%') AND (?::text IS NULL OR ? = ANY(genres))";
        String sql = "SELECT movie_id, title, year, genres, imdb_rating, count(*) OVER () AS total FROM catalog.movies"
                + where + " ORDER BY movie_id LIMIT ? OFFSET ?";
        String q = query == null || query.isBlank() ? null : escapeLike(query.strip());
        String g = genre == null || genre.isBlank() ? null : genre.strip();
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, q);
            ps.setString(2, q);
            ps.setString(3, g);
            ps.setString(4, g);
            ps.setInt(5, limit);
            ps.setInt(6, offset);
            List<MovieSummary> items = new ArrayList<>();
            long total = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    total = rs.getLong("total");
                    items.add(new MovieSummary(rs.getInt("movie_id"), rs.getString("title"), rs.getObject("year", Integer.class),
                            genres(rs.getArray("genres")), rs.getObject("imdb_rating", Float.class)));
                }
            }
            if (items.isEmpty() && offset > 0) {
                total = count("SELECT count(*) FROM catalog.movies" + where, q, q, g, g);
            }
            return new Page<>(items, total, limit, offset);
        } catch (SQLException e) {
            throw database.failed("could not search movies", e);
        }
    }

    public boolean userExists(int userId) {
        return count("SELECT count(*) FROM catalog.users WHERE user_id = ?", userId) > 0;
    }

    public Page<UserRating> userRatings(int userId, int limit, int offset) {
        String sql = "SELECT r.movie_id, m.title, m.year, r.rating, r.rated_at FROM catalog.ratings r "
                + "JOIN catalog.movies m USING (movie_id) WHERE r.user_id = ? ORDER BY r.rated_at DESC, r.movie_id LIMIT ? OFFSET ?";
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, userId);
            ps.setInt(2, limit);
            ps.setInt(3, offset);
            List<UserRating> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp t = rs.getTimestamp(5);
                    items.add(new UserRating(rs.getInt(1), rs.getString(2), rs.getObject(3, Integer.class), rs.getFloat(4),
                            t.toInstant()));
                }
            }
            long total = count("SELECT count(*) FROM catalog.ratings WHERE user_id = ?", userId);
            return new Page<>(items, total, limit, offset);
        } catch (SQLException e) {
            throw database.failed("could not read ratings of user " + userId, e);
        }
    }

    public CatalogStats stats(java.time.Instant lastIngestionAt) {
        String sql = "SELECT (SELECT count(*) FROM catalog.movies), (SELECT count(*) FROM catalog.users), "
                + "(SELECT count(*) FROM catalog.ratings), (SELECT count(*) FROM catalog.tags), "
                + "(SELECT count(*) FROM catalog.people)";
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new CatalogStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), lastIngestionAt);
        } catch (SQLException e) {
            throw database.failed("could not read catalog statistics", e);
        }
    }

    private long count(String sql, Object... args) {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw database.failed("could not count", e);
        }
    }

    private static List<String> genres(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
