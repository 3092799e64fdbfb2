package dev.recsys.recommendation.api;

import dev.recsys.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** The catalog reads recommendations need (read-only): titles, a user's rated movies, popularity, genres. */
@ApplicationScoped
public class CatalogLookup {

    private static final long CACHE_MILLIS = 60_000;
    private static final long MOVIE_CACHE_MILLIS = 600_000;

    /** Title, year and genres of a movie. */
    public record MovieInfo(String title, Integer year, List<String> genres) {
    }

    private record Popular(long loadedAt, List<Integer> movieIds, Set<String> genres) {
    }

    private final Sql sql;
    private final AtomicReference<Popular> popular = new AtomicReference<>();
    private final Map<Integer, MovieInfo> movieCache = new ConcurrentHashMap<>();
    private volatile long movieCacheStarted = System.currentTimeMillis();

    public CatalogLookup(Sql sql) {
        this.sql = sql;
    }

    /** Title, year and genres of the given movies; cached, since they change only when a release is loaded. */
    public Map<Integer, MovieInfo> movies(List<Integer> movieIds) {
        if (System.currentTimeMillis() - movieCacheStarted > MOVIE_CACHE_MILLIS) {
            movieCache.clear();
            movieCacheStarted = System.currentTimeMillis();
        }
        Map<Integer, MovieInfo> info = new HashMap<>();
        List<Integer> missing = new ArrayList<>();
        for (Integer id : movieIds) {
            MovieInfo cached = movieCache.get(id);
            if (cached != null) {
                info.put(id, cached);
            } else {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return info;
        }
        sql.query("SELECT movie_id, title, year, genres FROM catalog.movies WHERE movie_id = ANY (?::integer[])", rs -> {
            MovieInfo movie = new MovieInfo(rs.getString(2), rs.getObject(3, Integer.class), genres(rs.getArray(4)));
            info.put(rs.getInt(1), movie);
            movieCache.put(rs.getInt(1), movie);
            return null;
        }, toArrayLiteral(missing));
        return info;
    }

    public Set<Integer> ratedMovies(int userId) {
        return new java.util.HashSet<>(sql.query("SELECT movie_id FROM catalog.ratings WHERE user_id = ?",
                rs -> rs.getInt(1), userId));
    }

    /** The 1,000 most-rated movies, most-rated first (refreshed every minute). */
    public List<Integer> popularMovies() {
        return popular().movieIds();
    }

    public Set<String> genres() {
        return popular().genres();
    }

    private Popular popular() {
        Popular cached = popular.get();
        if (cached != null && System.currentTimeMillis() - cached.loadedAt() < CACHE_MILLIS) {
            return cached;
        }
        List<Integer> ids = sql.query("SELECT movie_id FROM catalog.ratings GROUP BY movie_id "
                + "ORDER BY count(*) DESC, movie_id LIMIT 1000", rs -> rs.getInt(1));
        Set<String> genres = new TreeSet<>(sql.query("SELECT DISTINCT unnest(genres) FROM catalog.movies", rs -> rs.getString(1)));
        Popular fresh = new Popular(System.currentTimeMillis(), ids, genres);
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
