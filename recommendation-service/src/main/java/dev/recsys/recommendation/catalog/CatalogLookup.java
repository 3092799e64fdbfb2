package dev.recsys.recommendation.catalog;

import dev.recsys.platform.db.Sql;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.error.Quoted;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The catalog reads recommendations need (read-only): titles, a user's rated movies, popularity,
 * genres. Titles and popularity are cached; while the database cannot be read, what is cached is
 * served (the request marked degraded), and only a request nothing cached can answer gets a 503.
 */
@ApplicationScoped
public class CatalogLookup {

    private static final long CACHE_MILLIS = 60_000;
    private static final long MOVIE_CACHE_MILLIS = 600_000;
    private static final int RETRY_SECONDS = 5;
    /** How many of the most-rated movies {@link #popularMovies} lists. */
    private static final int POPULAR_LIST = 1_000;

    /** Title, year and genres of a movie. */
    public record MovieInfo(String title, Integer year, List<String> genres) {
    }

    private record CachedMovie(MovieInfo info, long loadedAt) {
    }

    /**
     * @param ratingCounts each rated movie's number of ratings
     * @param percentile   each rated movie's popularity percentile, 0-1 (1: the most-rated)
     */
    private record Popular(long loadedAt, List<Integer> movieIds, Map<Integer, Integer> ratingCounts,
                           Map<Integer, Double> percentile, Set<String> genres) {
    }

    private final Sql sql;
    private final RequestSql requestSql;
    private final RatingChanges changes;
    private final DegradedReads degraded;
    private final AtomicReference<Popular> popular = new AtomicReference<>();
    private final Map<Integer, CachedMovie> movieCache = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();

    public CatalogLookup(Sql sql, RequestSql requestSql, RatingChanges changes, DegradedReads degraded) {
        this.sql = sql;
        this.requestSql = requestSql;
        this.changes = changes;
        this.degraded = degraded;
    }

    /**
     * Title, year and genres of the given movies; cached for ten minutes, since they change only when
     * a release is loaded. Movies never read before are left out while the database is down.
     */
    public Map<Integer, MovieInfo> movies(List<Integer> movieIds) {
        long now = System.currentTimeMillis();
        Map<Integer, MovieInfo> info = new HashMap<>();
        List<Integer> toRead = new ArrayList<>();
        for (Integer id : movieIds) {
            CachedMovie cached = movieCache.get(id);
            if (cached != null) {
                info.put(id, cached.info());
            }
            if (cached == null || now - cached.loadedAt() > MOVIE_CACHE_MILLIS) {
                toRead.add(id);
            }
        }
        if (toRead.isEmpty()) {
            return info;
        }
        if (!changes.databaseReachable()) {
            degraded.mark();
            return info;
        }
        try {
            requestSql.query("SELECT movie_id, title, year, genres FROM catalog.movies WHERE movie_id = ANY (?::integer[])", rs -> {
                MovieInfo movie = new MovieInfo(rs.getString(2), rs.getObject(3, Integer.class), genres(rs.getArray(4)));
                info.put(rs.getInt(1), movie);
                movieCache.put(rs.getInt(1), new CachedMovie(movie, now));
                return null;
            }, toArrayLiteral(toRead));
        } catch (RuntimeException e) {
            degraded.mark();
        }
        return info;
    }

    /** A movie of a ranked list with its catalog row; {@code position} is its index in that list. */
    public record Listed(int movieId, MovieInfo info, int position) {
    }

    /**
     * The first {@code limit} movies of {@code rankedIds} that the catalog knows and that are in
     * {@code genre} (null: any), in their order: the one way every list is cut down to a response.
     */
    public List<Listed> firstKnown(List<Integer> rankedIds, String genre, int limit) {
        Map<Integer, MovieInfo> info = movies(rankedIds);
        List<Listed> listed = new ArrayList<>(Math.min(limit, rankedIds.size()));
        for (int k = 0; k < rankedIds.size() && listed.size() < limit; k++) {
            MovieInfo movie = info.get(rankedIds.get(k));
            if (movie != null && (genre == null || movie.genres().contains(genre))) {
                listed.add(new Listed(rankedIds.get(k), movie, k));
            }
        }
        return listed;
    }

    /**
     * The movies the user's lists must leave out: rated, or marked not-interested; empty (and the
     * request degraded) when the database cannot say.
     */
    public Optional<Set<Integer>> excludedMovies(int userId) {
        if (!changes.databaseReachable()) {
            degraded.mark();
            return Optional.empty();
        }
        try {
            return Optional.of(new HashSet<>(requestSql.query("SELECT movie_id FROM catalog.excluded_movies WHERE user_id = ?",
                    rs -> rs.getInt(1), userId)));
        } catch (RuntimeException e) {
            degraded.mark();
            return Optional.empty();
        }
    }

    /** The 1,000 most-rated movies, most-rated first (refreshed every minute). */
    public List<Integer> popularMovies() {
        List<Integer> all = popular().movieIds();
        return all.subList(0, Math.min(POPULAR_LIST, all.size()));
    }

    /** A movie's popularity percentile by its number of ratings, 0-1 (1: the most-rated; 0: never rated). */
    public double popularityPercentile(int movieId) {
        return popular().percentile().getOrDefault(movieId, 0.0);
    }

    /** A movie's number of ratings (as of the last refresh; 0: never rated). */
    public int ratingCount(int movieId) {
        return popular().ratingCounts().getOrDefault(movieId, 0);
    }

    public Set<String> genres() {
        return popular().genres();
    }

    /**
     * A genre filter as asked for: null when none (absent or blank), else the genre; a 400 naming {@code field} when the
     * catalog has no such genre (quoting at most the start of what was sent).
     */
    public String requireKnownGenre(String field, String genre) {
        if (genre == null || genre.isBlank()) {
            return null;
        }
        if (!genres().contains(genre)) {
            throw ProblemException.badRequest(field, "unknown genre " + Quoted.of(genre) + "; known: "
                    + String.join(", ", genres()));
        }
        return genre;
    }

    /**
     * The cached popularity; a stale one is refreshed in the background (counting every rating takes
     * seconds on a big catalog, and no request should wait for it). Only the first read waits.
     */
    private Popular popular() {
        Popular cached = popular.get();
        if (cached != null) {
            if (System.currentTimeMillis() - cached.loadedAt() >= CACHE_MILLIS && refreshing.compareAndSet(false, true)) {
                Thread refresh = new Thread(() -> {
                    try {
                        readPopular();
                    } catch (RuntimeException e) {
                        // keep serving the previous figures; the next stale read tries again
                    } finally {
                        refreshing.set(false);
                    }
                }, "popular-refresh");
                refresh.setDaemon(true);
                refresh.start();
            }
            if (!changes.databaseReachable()) {
                degraded.mark();
            }
            return cached;
        }
        try {
            if (!changes.databaseReachable()) {
                throw new IllegalStateException("database unreachable");
            }
            return readPopular();
        } catch (RuntimeException e) {
            throw ProblemException.unavailable("the catalog cannot be read now (the database is unavailable) "
                    + "and nothing is cached yet; retry in a few seconds", RETRY_SECONDS);
        }
    }

    private Popular readPopular() {
        record Counted(int movieId, int ratings) {
        }
        List<Counted> counted = sql.query("SELECT movie_id, count(*) FROM catalog.ratings GROUP BY movie_id "
                + "ORDER BY count(*) DESC, movie_id", rs -> new Counted(rs.getInt(1), rs.getInt(2)));
        List<Integer> ids = new ArrayList<>(counted.size());
        Map<Integer, Integer> ratingCounts = new HashMap<>(counted.size() * 2);
        Map<Integer, Double> percentile = new HashMap<>(counted.size() * 2);
        for (Counted movie : counted) {
            percentile.put(movie.movieId(), counted.size() == 1 ? 1.0 : 1 - (double) ids.size() / (counted.size() - 1));
            ids.add(movie.movieId());
            ratingCounts.put(movie.movieId(), movie.ratings());
        }
        Set<String> genres = new TreeSet<>(sql.query("SELECT DISTINCT unnest(genres) FROM catalog.movies",
                rs -> rs.getString(1)));
        Popular fresh = new Popular(System.currentTimeMillis(), List.copyOf(ids), ratingCounts, percentile, genres);
        popular.set(fresh);
        return fresh;
    }

    private static List<String> genres(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static String toArrayLiteral(List<Integer> ids) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < ids.size(); i++) {
            b.append(i == 0 ? "" : ",").append(ids.get(i));
        }
        return b.append('}').toString();
    }
}
