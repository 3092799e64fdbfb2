package dev.recsys.recommendation.api;

import dev.recsys.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The serving batch run's lists, cached in memory so that a cached recommendation costs one small
 * query (which of these movies has the user rated by now). The serving run id is re-read at most
 * once a second ({@code recsys.recommendations.serving-run-check-millis}); a new run empties the
 * cache, so a switch is visible within a second.
 */
@ApplicationScoped
public class ServingLists {

    private static final int MAX_CACHED_USERS = 200_000;

    /** The serving run: its id, model version and when it finished. */
    public record ServingRun(long id, long modelVersion, Instant generatedAt) {
    }

    private record RunCheck(long checkedAt, Optional<ServingRun> run) {
    }

    private final Sql sql;
    private final long runCheckMillis;
    private volatile RunCheck lastCheck = new RunCheck(0, Optional.empty());
    private final Map<Integer, int[]> lists = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, int[]> eldest) {
            return size() > MAX_CACHED_USERS;
        }
    });

    public ServingLists(Sql sql, @ConfigProperty(name = "recsys.recommendations.serving-run-check-millis",
            defaultValue = "1000") long runCheckMillis) {
        this.sql = sql;
        this.runCheckMillis = runCheckMillis;
    }

    public Optional<ServingRun> servingRun() {
        RunCheck check = lastCheck;
        if (System.currentTimeMillis() - check.checkedAt() < runCheckMillis) {
            return check.run();
        }
        Optional<ServingRun> run = sql.query("SELECT b.id, b.model_version, b.finished_at FROM recs.serving_batch s "
                + "JOIN recs.batch_runs b ON b.id = s.batch_run_id",
                rs -> new ServingRun(rs.getLong(1), rs.getLong(2), Sql.instant(rs, "finished_at"))).stream().findFirst();
        if (!run.equals(check.run())) {
            lists.clear();
        }
        lastCheck = new RunCheck(System.currentTimeMillis(), run);
        return run;
    }

    /** The user's list in the serving run (movie ids, best first), or empty when the user has none. */
    public Optional<int[]> list(ServingRun run, int userId) {
        int[] cached = lists.get(userId);
        if (cached != null) {
            return cached.length == 0 ? Optional.empty() : Optional.of(cached);
        }
        int[] loaded = sql.query("SELECT movie_ids FROM recs.user_recommendations WHERE batch_run_id = ? AND user_id = ?",
                rs -> {
                    Integer[] ids = (Integer[]) rs.getArray(1).getArray();
                    int[] values = new int[ids.length];
                    for (int i = 0; i < ids.length; i++) {
                        values[i] = ids[i];
                    }
                    return values;
                }, run.id(), userId).stream().findFirst().orElse(new int[0]);
        lists.put(userId, loaded);
        return loaded.length == 0 ? Optional.empty() : Optional.of(loaded);
    }

    /** Which of {@code movieIds} the user has rated (by now): one indexed lookup per movie. */
    public Set<Integer> ratedAmong(int userId, int[] movieIds) {
        StringBuilder ids = new StringBuilder("{");
        for (int i = 0; i < movieIds.length; i++) {
            ids.append(i == 0 ? "" : ",").append(movieIds[i]);
        }
        return new HashSet<>(sql.query("SELECT movie_id FROM catalog.ratings WHERE user_id = ? "
                + "AND movie_id = ANY (?::integer[])", rs -> rs.getInt(1), userId, ids.append('}').toString()));
    }
}
