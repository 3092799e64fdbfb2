package dev.recsys.modelruntime;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.publicrating.FranchiseKeys;
import dev.recsys.platform.db.Sql;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The served movies of each franchise ({@link FranchiseKeys}: TMDB's collection, and the title without its sequel
 * number), read from the catalog once per version: a described movie that says it continues a franchise ("Toy Story 5",
 * or a collection) is scored partly as its predecessors are ({@link HybridModel#newMovie(
 * dev.recsys.model.hybrid.ContentVocabulary.Encoded, int[])}). Without the catalog, no franchise is found.
 */
@ApplicationScoped
public class FranchiseMovies {

    private static final String MOVIES = """
            SELECT m.movie_id, m.title, %s FROM catalog.movies m %s""";

    private record Cached(long version, Map<String, int[]> movies) {
    }

    private final Sql sql;
    private final AtomicReference<Cached> cache = new AtomicReference<>();

    public FranchiseMovies(Sql sql) {
        this.sql = sql;
    }

    /** The served movies (dense indices) of the franchise a described movie continues; none when it says it continues none. */
    public int[] of(ServingModel.Loaded loaded, ItemContent content) {
        if (!FranchiseKeys.continuesOne(content)) {
            return new int[0];
        }
        Map<String, int[]> byKey = forVersion(loaded);
        Set<Integer> movies = new LinkedHashSet<>();
        for (String key : FranchiseKeys.of(content)) {
            for (int movie : byKey.getOrDefault(key, new int[0])) {
                movies.add(movie);
            }
        }
        return movies.stream().mapToInt(Integer::intValue).toArray();
    }

    private Map<String, int[]> forVersion(ServingModel.Loaded loaded) {
        Cached cached = cache.get();
        if (cached != null && cached.version() == loaded.version()) {
            return cached.movies();
        }
        Map<String, int[]> movies = read(loaded.model());
        cache.set(new Cached(loaded.version(), movies));
        return movies;
    }

    private Map<String, int[]> read(HybridModel model) {
        Map<String, List<Integer>> byKey = new HashMap<>();
        try {
            boolean tmdb = !sql.query("SELECT 1 WHERE to_regclass('catalog.tmdb_movies') IS NOT NULL", rs -> 1).isEmpty();
            String query = tmdb ? MOVIES.formatted("t.collection", "LEFT JOIN catalog.tmdb_movies t ON t.tmdb_id = m.tmdb_id")
                    : MOVIES.formatted("NULL", "");
            sql.query(query, rs -> {
                int movie = model.movieIndex(rs.getInt(1));
                if (movie >= 0) {
                    for (String key : FranchiseKeys.of(rs.getString(2), rs.getString(3))) {
                        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(movie);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            Log.warnf("The catalog's titles could not be read (%s): new movies are scored without their franchise",
                    e.getMessage());
        }
        Map<String, int[]> movies = new HashMap<>(byKey.size() * 2);
        byKey.forEach((key, list) -> movies.put(key, list.stream().mapToInt(Integer::intValue).toArray()));
        return movies;
    }
}
