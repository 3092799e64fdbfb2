package dev.recsys.recommendation.recommend;

import dev.recsys.platform.db.Sql;
import dev.recsys.recommendation.RecommendationsConfig;
import dev.recsys.recommendation.catalog.DegradedReads;
import dev.recsys.recommendation.catalog.RatingChanges;
import dev.recsys.recommendation.catalog.RequestSql;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The serving batch run's lists, cached in memory with which of their movies each user had excluded
 * when last checked. A cached list costs no query until the user rates again ({@link RatingChanges});
 * then one indexed lookup per listed movie, whatever the number of the user's ratings.
 *
 * <p>The serving run id is re-read at most once a second
 * ({@code recsys.recommendations.serving-run-check-millis}); a new run empties the cache, so a
 * switch is visible within a second. While the database cannot be read, the cached lists are
 * served with the last known check, and the request is marked degraded.
 */
@ApplicationScoped
public class ServingLists {

    private static final int MAX_CACHED_USERS = 200_000;

    /** The serving run: its id, model version and when it finished. */
    public record ServingRun(long id, long modelVersion, Instant generatedAt) {
    }

    private record RunCheck(long checkedAt, Optional<ServingRun> run) {
    }

    /**
     * A user's list in a run, the model version that scored it (an experiment variant's may differ
     * from the run's), and which of its movies the user had excluded (rated or marked not-interested)
     * at {@code checkedAt} (null: not checked).
     */
    private record CachedList(long runId, long modelVersion, int[] movieIds, float[] scores, Set<Integer> excluded,
                              long checkedAt) {
    }

    /** A stored list as served: its movie ids, best first, and each one's score (for re-ranking). */
    public record ScoredList(List<Integer> movieIds, Map<Integer, Float> scores) {

        public double score(int movieId) {
            return scores.getOrDefault(movieId, 0f);
        }
    }

    private final RequestSql sql;
    private final RatingChanges changes;
    private final DegradedReads degraded;
    private final long runCheckMillis;
    private volatile RunCheck lastCheck = new RunCheck(0, Optional.empty());
    private final Map<Integer, CachedList> lists = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, CachedList> eldest) {
            return size() > MAX_CACHED_USERS;
        }
    });

    public ServingLists(RequestSql sql, RatingChanges changes, DegradedReads degraded, RecommendationsConfig.Serving config) {
        this.sql = sql;
        this.changes = changes;
        this.degraded = degraded;
        this.runCheckMillis = config.servingRunCheckMillis();
    }

    public Optional<ServingRun> servingRun() {
        RunCheck check = lastCheck;
        if (System.currentTimeMillis() - check.checkedAt() < runCheckMillis) {
            return check.run();
        }
        if (!changes.databaseReachable()) {
            degraded.mark();
            return check.run();
        }
        Optional<ServingRun> run;
        try {
            run = sql.query("SELECT b.id, b.model_version, b.finished_at FROM recs.serving_batch s "
                    + "JOIN recs.batch_runs b ON b.id = s.batch_run_id",
                    rs -> new ServingRun(rs.getLong(1), rs.getLong(2), Sql.instant(rs, "finished_at"))).stream().findFirst();
        } catch (RuntimeException e) {
            Log.debugf("Serving run check failed: %s", e.getMessage());
            degraded.mark();
            return check.run();
        }
        if (!run.equals(check.run())) {
            lists.clear();
        }
        lastCheck = new RunCheck(System.currentTimeMillis(), run);
        return run;
    }

    /**
     * The user's list in the serving run (movie ids, best first) minus the movies the user has rated
     * or marked not-interested by now; empty when the user has no list scored by {@code modelVersion}
     * (or it cannot be read now).
     */
    public Optional<ScoredList> listWithoutExcluded(ServingRun run, int userId, long modelVersion) {
        CachedList cached = lists.get(userId);
        if (cached == null || cached.runId() != run.id()) {
            cached = read(run, userId);
            if (cached == null) {
                return Optional.empty();
            }
        }
        if (cached.movieIds().length == 0 || cached.modelVersion() != modelVersion) {
            return Optional.empty();
        }
        Set<Integer> excluded = cached.excluded();
        if (excluded == null || !changes.unchangedSince(userId, cached.checkedAt())) {
            excluded = checkExcluded(userId, cached);
        }
        List<Integer> remaining = new ArrayList<>(cached.movieIds().length);
        Map<Integer, Float> scores = new HashMap<>(cached.movieIds().length * 2);
        for (int i = 0; i < cached.movieIds().length; i++) {
            int movieId = cached.movieIds()[i];
            if (!excluded.contains(movieId)) {
                remaining.add(movieId);
                scores.put(movieId, cached.scores()[i]);
            }
        }
        return Optional.of(new ScoredList(remaining, scores));
    }

    /** Reads a list into the cache; null (and the request degraded) when the database cannot be read. */
    private CachedList read(ServingRun run, int userId) {
        if (!changes.databaseReachable()) {
            degraded.mark();
            return null;
        }
        try {
            CachedList loaded = sql.query("SELECT movie_ids, scores, coalesce(model_version, ?) FROM recs.user_recommendations "
                    + "WHERE batch_run_id = ? AND user_id = ?",
                    rs -> new CachedList(run.id(), rs.getLong(3), movieIds(rs.getArray(1)), scores(rs.getArray(2)), null, 0),
                    run.modelVersion(), run.id(), userId).stream().findFirst()
                    .orElse(new CachedList(run.id(), run.modelVersion(), new int[0], new float[0], Set.of(), 0));
            lists.put(userId, loaded);
            return loaded;
        } catch (RuntimeException e) {
            degraded.mark();
            return null;
        }
    }

    /** Which listed movies the user has excluded by now; the last known answer when the database cannot say. */
    /** A stored list's {@code movie_ids} column. */
    static int[] movieIds(Array column) throws SQLException {
        Integer[] ids = (Integer[]) column.getArray();
        int[] values = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            values[i] = ids[i];
        }
        return values;
    }

    /** A stored list's {@code scores} column. */
    static float[] scores(Array column) throws SQLException {
        Float[] stored = (Float[]) column.getArray();
        float[] scores = new float[stored.length];
        for (int i = 0; i < stored.length; i++) {
            scores[i] = stored[i];
        }
        return scores;
    }

    private Set<Integer> checkExcluded(int userId, CachedList cached) {
        Set<Integer> known = cached.excluded() == null ? Set.of() : cached.excluded();
        if (!changes.databaseReachable()) {
            degraded.mark();
            return known;
        }
        long stamp = changes.stamp();
        try {
            StringBuilder ids = new StringBuilder("{");
            for (int i = 0; i < cached.movieIds().length; i++) {
                ids.append(i == 0 ? "" : ",").append(cached.movieIds()[i]);
            }
            // One primary-key probe per listed movie, so a user's thousands of ratings are never scanned.
            Set<Integer> excluded = new HashSet<>(sql.query("SELECT r.movie_id FROM unnest(?::integer[]) AS l(movie_id) "
                    + "JOIN catalog.excluded_movies r ON r.user_id = ? AND r.movie_id = l.movie_id",
                    rs -> rs.getInt(1), ids.append('}').toString(), userId));
            lists.put(userId, new CachedList(cached.runId(), cached.modelVersion(), cached.movieIds(), cached.scores(), excluded,
                    stamp));
            return excluded;
        } catch (RuntimeException e) {
            degraded.mark();
            return known;
        }
    }
}
