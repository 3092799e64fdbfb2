package dev.recsys.recommendation.recommend;

import dev.recsys.model.rerank.RecommendationExposure;
import dev.recsys.platform.db.Sql;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each movie's exposure in a batch run's lists ({@link RecommendationExposure}): the popularity the
 * novelty knob discounts. A run computes it from its stored lists before they are served
 * ({@link #record}); requests read the serving run's once and keep it ({@link #ofServingRun}).
 * Without one (no batch yet, or a run from before this existed) the knob discounts rating counts.
 */
@ApplicationScoped
public class ListExposure {

    /**
     * At most this many users' lists are read to estimate it: a sample of 20,000 lists ranks the movies by
     * exposure as well as all of them, and keeps the step to seconds at ml-25m's 162,000 users.
     */
    static final int SAMPLED_USERS = 20_000;
    /** How many of a stored list a user is shown by default (the response's default limit). */
    static final int SHOWN = 10;
    private static final long RETRY_MILLIS = 5_000;

    private record Loaded(long runId, long loadedAt, Map<Integer, Double> exposure) {
    }

    private final Sql sql;
    private final ServingLists servingLists;
    private volatile Loaded loaded = new Loaded(-1, 0, Map.of());

    public ListExposure(Sql sql, ServingLists servingLists) {
        this.sql = sql;
        this.servingLists = servingLists;
    }

    /** Computes and stores run {@code runId}'s exposure from its stored lists; returns how many movies it covers. */
    public int record(long runId) {
        long started = System.nanoTime();
        long users = sql.query("SELECT count(*) FROM recs.user_recommendations WHERE batch_run_id = ?",
                rs -> rs.getLong(1), runId).get(0);
        long stride = Math.max(1, (users + SAMPLED_USERS - 1) / SAMPLED_USERS);
        List<int[]> lists = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        // A hash of the user id picks the sample, so it is spread over the ids whatever their order.
        sql.query("SELECT movie_ids, scores FROM recs.user_recommendations WHERE batch_run_id = ? "
                + "AND cardinality(movie_ids) > 0 AND mod(abs(hashint4(user_id)::bigint), ?) = 0", rs -> {
                    float[] stored = ServingLists.scores(rs.getArray(2));
                    double[] listScores = new double[stored.length];
                    for (int i = 0; i < stored.length; i++) {
                        listScores[i] = stored[i];
                    }
                    lists.add(ServingLists.movieIds(rs.getArray(1)));
                    scores.add(listScores);
                    return null;
                }, runId, stride);
        Map<Integer, Double> exposure = RecommendationExposure.of(lists, scores, SHOWN);
        StringBuilder movieIds = new StringBuilder("{");
        StringBuilder values = new StringBuilder("{");
        exposure.forEach((movieId, value) -> {
            movieIds.append(movieIds.length() == 1 ? "" : ",").append(movieId);
            values.append(values.length() == 1 ? "" : ",").append(value.floatValue());
        });
        sql.update("INSERT INTO recs.movie_exposure (batch_run_id, movie_id, exposure) "
                + "SELECT ?, m, e FROM unnest(?::integer[], ?::real[]) AS x(m, e)",
                runId, movieIds.append('}').toString(), values.append('}').toString());
        Log.infof("Batch run %d: exposure of %d movies from %d of %d lists in %.1f s", runId, exposure.size(),
                lists.size(), users, (System.nanoTime() - started) / 1e9);
        return exposure.size();
    }

    /** The serving run's exposure by movie id; empty when there is none (the knob then discounts rating counts). */
    public Map<Integer, Double> ofServingRun() {
        Optional<ServingLists.ServingRun> run = servingLists.servingRun();
        if (run.isEmpty()) {
            return Map.of();
        }
        Loaded current = loaded;
        boolean fresh = current.runId() == run.get().id()
                && (!current.exposure().isEmpty() || System.currentTimeMillis() - current.loadedAt() < RETRY_MILLIS);
        return fresh ? current.exposure() : load(run.get().id());
    }

    private synchronized Map<Integer, Double> load(long runId) {
        if (loaded.runId() == runId && !loaded.exposure().isEmpty()) {
            return loaded.exposure();
        }
        try {
            Map<Integer, Double> exposure = new HashMap<>();
            sql.query("SELECT movie_id, exposure FROM recs.movie_exposure WHERE batch_run_id = ?",
                    rs -> exposure.put(rs.getInt(1), (double) rs.getFloat(2)), runId);
            loaded = new Loaded(runId, System.currentTimeMillis(), Collections.unmodifiableMap(exposure));
            return loaded.exposure();
        } catch (RuntimeException e) {
            Log.debugf("Exposure of batch run %d not readable now: %s", runId, e.getMessage());
            return Map.of();
        }
    }
}
