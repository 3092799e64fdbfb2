package dev.recsys.recommendation.batch;

import dev.recsys.model.TopK;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.job.JobStatus;
import dev.recsys.platform.job.JobThreads;
import dev.recsys.platform.job.ProgressMeter;
import dev.recsys.recommendation.RecommendationsConfig;
import dev.recsys.recommendation.experiment.Assignment;
import dev.recsys.recommendation.experiment.Experiment;
import dev.recsys.recommendation.experiment.ExperimentService;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;

/**
 * Precomputes the exact top-N of every user the active model knows, over all movies they have not
 * rated, as a new generation: rows are written under the run's id and become visible only when the
 * run is made the serving run, in the same transaction that marks it SUCCEEDED. A failed or killed
 * run leaves the previous lists served.
 */
@ApplicationScoped
public class BatchService {

    private static final int USERS_PER_WRITE = 2_000;
    /** Users scored together in one matrix product ({@link HybridModel#scores(int[], float[])}): 128 × the catalog floats per thread. */
    private static final int USERS_PER_BLOCK = 128;

    private final BatchRunRepository runs;
    private final ServingModel serving;
    private final AgroalDataSource dataSource;
    private final ExperimentService experiments;
    private final int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final JobThreads jobs = new JobThreads("batch run");

    private final int heartbeatTimeoutSeconds;
    private final int unclaimedTimeoutSeconds;

    public BatchService(BatchRunRepository runs, ServingModel serving, AgroalDataSource dataSource,
                        ExperimentService experiments, RecommendationsConfig.Batch config) {
        this.experiments = experiments;
        this.heartbeatTimeoutSeconds = config.heartbeatTimeoutSeconds();
        this.unclaimedTimeoutSeconds = config.unclaimedTimeoutSeconds();
        this.runs = runs;
        this.serving = serving;
        this.dataSource = dataSource;
    }

    void onStart(@Observes StartupEvent event) {
        // Runs this worker's previous process left are failed now; those of other processes that died,
        // once their heartbeat is stale; sharded runs no shard worker took up, after unclaimed-timeout.
        jobs.failOrphaned(runs::failOrphaned);
        jobs.sweepAbandoned(() -> runs.failUnclaimed(unclaimedTimeoutSeconds) + runs.failAbandoned(heartbeatTimeoutSeconds));
    }

    void onStop(@Observes ShutdownEvent event) {
        jobs.shutdown();
    }

    /**
     * Starts a run. With one shard this service computes it; with more, it is only recorded, and
     * shard workers ({@link #runShard}, e.g. a Kubernetes Indexed Job) compute it.
     */
    public BatchRun start(int itemsPerUser, int shards) {
        BatchRun run = runs.create(itemsPerUser, shards);
        if (shards == 1) {
            jobs.submit(() -> execute(run.id(), itemsPerUser));
        }
        return run;
    }

    /**
     * Computes one shard of the queued or running run that has {@code shards} shards, the users whose
     * index modulo {@code shards} is {@code shard}; the first shard worker to start records the run
     * when none is queued. The last shard to finish makes the run serving. Returns the run id.
     */
    public long runShard(int shard, int shards, int itemsPerUser) {
        BatchRun run = runs.activeShardedRun(shards).orElseGet(() -> {
            try {
                return runs.create(itemsPerUser, shards);
            } catch (ProblemException conflict) {
                // Another shard worker recorded it a moment ago; any other active run is a real conflict.
                return runs.activeShardedRun(shards).orElseThrow(() -> conflict);
            }
        });
        ProgressMeter meter = new ProgressMeter("users", 0);
        AtomicBoolean cancelled = new AtomicBoolean();
        // The shard's progress is the run's heartbeat while it scores (else the sweep fails a long run).
        JobThreads.Reporting reporting = jobs.reportEverySecond(run.id(), () -> report(run.id(), meter, cancelled));
        try {
            ServingModel.Loaded loaded = serving.require();
            HybridModel model = loaded.model();
            if (!runs.markRunning(run.id(), loaded.version(), model.userCount())) {
                throw new BatchCancelled();
            }
            int users = score(run.id(), loaded, run.itemsPerUser(), shard, shards, meter, cancelled);
            boolean last = runs.completeShard(run.id(), shard, users, meter.snapshot());
            Log.infof("Batch run %d: shard %d of %d done (%d users)%s", run.id(), shard, shards, users,
                    last ? "; all shards in, the new lists are served" : "");
            if (last) {
                runs.deleteOldLists();
            }
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof BatchCancelled) {
                runs.end(run.id(), JobStatus.CANCELLED, meter.snapshot(), CANCELLED_MESSAGE);
                throw new IllegalStateException("batch run " + run.id() + " was cancelled", cause);
            }
            Log.errorf(cause, "Batch run %d shard %d failed", run.id(), shard);
            runs.end(run.id(), JobStatus.FAILED, meter.snapshot(), "shard " + shard + " of " + shards + " failed: "
                    + cause.getMessage() + ". The previous recommendations are still served.");
            throw new IllegalStateException("shard " + shard + " failed: " + cause.getMessage(), cause);
        } finally {
            reporting.close();
        }
        return run.id();
    }

    public Optional<BatchRun> find(long id) {
        return runs.find(id);
    }

    public List<BatchRun> latest(int limit) {
        return runs.latest(limit);
    }

    private boolean execute(long id, int itemsPerUser) {
        ProgressMeter meter = new ProgressMeter("users", 0);
        AtomicBoolean cancelled = new AtomicBoolean();
        JobThreads.Reporting reporting = jobs.reportEverySecond(id, () -> report(id, meter, cancelled));
        try {
            ServingModel.Loaded loaded = serving.require();
            HybridModel model = loaded.model();
            if (!runs.markRunning(id, loaded.version(), model.userCount())) {
                Log.infof("Batch run %d was cancelled before it started", id);
                return false;
            }
            long started = System.nanoTime();
            score(id, loaded, itemsPerUser, 0, 1, meter, cancelled);
            runs.succeedAndServe(id, meter.snapshot());
            int deleted = runs.deleteOldLists();
            Log.infof("Batch run %d: top-%d for %d users with model version %d in %.1f s (%d old rows deleted)", id,
                    itemsPerUser, model.userCount(), loaded.version(), (System.nanoTime() - started) / 1e9, deleted);
            return true;
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof BatchCancelled) {
                Log.infof("Batch run %d cancelled", id);
                runs.end(id, JobStatus.CANCELLED, meter.snapshot(), CANCELLED_MESSAGE);
                return false;
            }
            Log.errorf(cause, "Batch run %d failed", id);
            runs.end(id, JobStatus.FAILED, meter.snapshot(), cause.getMessage()
                    + ". The previous recommendations are still served.");
            return false;
        } finally {
            reporting.close();
        }
    }

    private static final String CANCELLED_MESSAGE = "cancelled on request; its partial lists were removed. "
            + "The previous recommendations are still served.";

    /** Asks a batch run to stop: its workers see it within a second, stop, and remove its partial lists. */
    public BatchRun cancel(long id) {
        BatchRun run = runs.find(id).orElseThrow(() -> ProblemException.notFound("no batch run with id " + id));
        if (!runs.requestCancel(id, CANCELLED_MESSAGE)) {
            throw ProblemException.conflict("batch run " + id + " is already " + run.status()
                    + "; only a queued or running batch can be cancelled");
        }
        return runs.find(id).orElseThrow();
    }

    private void report(long id, ProgressMeter meter, AtomicBoolean cancelled) {
        if (runs.reportProgress(id, meter.snapshot())) {
            cancelled.set(true);
        }
    }

    /** Thrown by a scorer once its run was asked to stop. */
    static final class BatchCancelled extends RuntimeException {
        BatchCancelled() {
            super("cancelled on request");
        }
    }

    /**
     * One model's part of a run: the users it scores, and the version written with their lists
     * (null: the run's own). Outside an experiment the active model scores everyone; inside one, each
     * variant that pins another version scores its own users with that version.
     */
    private record Scoring(ServingModel.Loaded loaded, IntPredicate scoresUser, Long listVersion) {
    }

    private List<Scoring> scorings(ServingModel.Loaded active) {
        Optional<Experiment> experiment = experiments.running();
        if (experiment.isEmpty()) {
            return List.of(new Scoring(active, userId -> true, null));
        }
        Map<Long, ServingModel.Loaded> pinned = experiments.pinnedModels(experiment.get(), active.version());
        List<Scoring> scorings = new ArrayList<>();
        scorings.add(new Scoring(active, userId -> !pinned.containsKey(pinnedVersion(experiment.get(), userId)), null));
        pinned.forEach((version, loaded) -> scorings.add(
                new Scoring(loaded, userId -> version.equals(pinnedVersion(experiment.get(), userId)), version)));
        return scorings;
    }

    private static Long pinnedVersion(Experiment experiment, int userId) {
        return Assignment.variantOf(experiment, userId).version();
    }

    /** Scores the users of one shard on all cores; returns how many. */
    private int score(long runId, ServingModel.Loaded active, int itemsPerUser, int shard, int shards, ProgressMeter meter,
                      AtomicBoolean cancelled) throws SQLException, InterruptedException, ExecutionException {
        List<Scoring> scorings = scorings(active);
        List<int[]> usersOf = new ArrayList<>();
        int total = 0;
        for (Scoring scoring : scorings) {
            HybridModel model = scoring.loaded().model();
            int[] users = IntStream.range(0, model.userCount())
                    .filter(user -> user % shards == shard && scoring.scoresUser().test(model.userId(user))).toArray();
            usersOf.add(users);
            total += users.length;
        }
        meter.setTotal(total);
        for (int s = 0; s < scorings.size(); s++) {
            scoreOnAllCores(runId, scorings.get(s), usersOf.get(s), itemsPerUser, meter, cancelled);
        }
        return total;
    }

    private void scoreOnAllCores(long runId, Scoring scoring, int[] users, int itemsPerUser, ProgressMeter meter,
                                 AtomicBoolean cancelled) throws SQLException, InterruptedException, ExecutionException {
        if (users.length == 0) {
            return;
        }
        HybridModel model = scoring.loaded().model();
        ExcludedMovies excluded;
        try (Connection c = dataSource.getConnection()) {
            excluded = ExcludedMovies.load(c, model);
        }
        List<Future<?>> slices = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "batch-scorer"));
        try {
            int perThread = (users.length + threads - 1) / threads;
            for (int from = 0; from < users.length; from += perThread) {
                int[] slice = Arrays.copyOfRange(users, from, Math.min(users.length, from + perThread));
                slices.add(pool.submit(() -> {
                    scoreSlice(runId, model, excluded, slice, itemsPerUser, scoring.listVersion(), meter, cancelled);
                    return null;
                }));
            }
            for (Future<?> f : slices) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void scoreSlice(long runId, HybridModel model, ExcludedMovies excluded, int[] users, int itemsPerUser,
                            Long listVersion, ProgressMeter meter, AtomicBoolean cancelled) throws SQLException {
        int itemCount = model.movieCount();
        float[] scores = new float[USERS_PER_BLOCK * itemCount];
        float[] userScores = new float[itemCount];
        int[] top = new int[Math.min(itemsPerUser, itemCount)];
        String version = listVersion == null ? "\\N" : listVersion.toString();
        StringBuilder rows = new StringBuilder();
        try (Connection c = dataSource.getConnection()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            int pending = 0;
            for (int blockStart = 0; blockStart < users.length; blockStart += USERS_PER_BLOCK) {
                int[] blockUsers = Arrays.copyOfRange(users, blockStart, Math.min(users.length, blockStart + USERS_PER_BLOCK));
                model.scores(blockUsers, scores);
                for (int b = 0; b < blockUsers.length; b++) {
                    int user = blockUsers[b];
                    System.arraycopy(scores, b * itemCount, userScores, 0, itemCount);
                    excluded.exclude(user, userScores);
                    int found = TopK.select(userScores, top);
                    rows.append(runId).append('\t').append(model.userId(user)).append("\t{");
                    for (int k = 0; k < found; k++) {
                        rows.append(k == 0 ? "" : ",").append(model.movieId(top[k]));
                    }
                    rows.append("}\t{");
                    for (int k = 0; k < found; k++) {
                        rows.append(k == 0 ? "" : ",").append(userScores[top[k]]);
                    }
                    rows.append("}\t").append(version).append('\n');
                    pending++;
                }
                boolean last = blockStart + USERS_PER_BLOCK >= users.length;
                if (pending >= USERS_PER_WRITE || last) {
                    if (cancelled.get()) {
                        throw new BatchCancelled();
                    }
                    copy.copyIn("COPY recs.user_recommendations (batch_run_id, user_id, movie_ids, scores, model_version) "
                            + "FROM STDIN", new StringReader(rows.toString()));
                    meter.advance(pending);
                    rows.setLength(0);
                    pending = 0;
                }
            }
        } catch (java.io.IOException e) {
            throw new SQLException("could not write recommendations: " + e.getMessage(), e);
        }
    }
}
