package dev.recsys.recommendation.batch;

import dev.recsys.model.TopK;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.platform.db.BackgroundConnections;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.job.CancellationToken;
import dev.recsys.platform.job.JobCancelledException;
import dev.recsys.platform.job.JobLifecycle;
import dev.recsys.platform.job.JobStatus;
import dev.recsys.platform.job.JobWork;
import dev.recsys.platform.job.ProgressMeter;
import dev.recsys.recommendation.RecommendationsConfig;
import dev.recsys.recommendation.experiment.Assignment;
import dev.recsys.recommendation.experiment.Experiment;
import dev.recsys.recommendation.experiment.ExperimentService;
import dev.recsys.recommendation.recommend.ListExposure;
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
    private final ListExposure exposure;
    private final int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final JobLifecycle<BatchRun> lifecycle;

    private final int heartbeatTimeoutSeconds;
    private final int unclaimedTimeoutSeconds;

    public BatchService(BatchRunRepository runs, ServingModel serving, AgroalDataSource dataSource,
                        ExperimentService experiments, ListExposure exposure, RecommendationsConfig.Batch config) {
        this.experiments = experiments;
        this.exposure = exposure;
        this.heartbeatTimeoutSeconds = config.heartbeatTimeoutSeconds();
        this.unclaimedTimeoutSeconds = config.unclaimedTimeoutSeconds();
        this.runs = runs;
        this.serving = serving;
        this.dataSource = dataSource;
        this.lifecycle = new JobLifecycle<>("batch run", "batch", runs.table(),
                id -> runs.requestCancel(id, CANCELLED_MESSAGE));
    }

    void onStart(@Observes StartupEvent event) {
        // Sharded runs no shard worker took up fail after unclaimed-timeout, with those whose heartbeat stopped.
        lifecycle.recover(runs::failOrphaned,
                () -> runs.failUnclaimed(unclaimedTimeoutSeconds) + runs.failAbandoned(heartbeatTimeoutSeconds));
    }

    void onStop(@Observes ShutdownEvent event) {
        lifecycle.shutdown();
    }

    /**
     * Starts a run. With one shard this service computes it; with more, it is only recorded, and
     * shard workers ({@link #runShard}, e.g. a Kubernetes Indexed Job) compute it.
     */
    public BatchRun start(int itemsPerUser, int shards) {
        BatchRun run = runs.create(itemsPerUser, shards);
        return shards == 1 ? lifecycle.start(run, new BatchJob(run, 0, 1)) : run;
    }

    /**
     * Computes one shard of the queued or running run that has {@code shards} shards, the users whose
     * index modulo {@code shards} is {@code shard}; the first shard worker to start records the run
     * when none is queued. The last shard to finish makes the run serving. Returns the run id; throws
     * when the shard failed or the run was cancelled.
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
        JobStatus ended = lifecycle.execute(run.id(), new BatchJob(run, shard, shards));
        if (ended != JobStatus.SUCCEEDED) {
            throw new IllegalStateException("shard " + shard + " of batch run " + run.id() + " ended " + ended);
        }
        return run.id();
    }

    /** Finds, lists and cancels runs; a cancelled run's workers stop within a second and remove its partial lists. */
    public JobLifecycle<BatchRun> lifecycle() {
        return lifecycle;
    }

    private static final String CANCELLED_MESSAGE = "cancelled on request; its partial lists were removed. "
            + "The previous recommendations are still served.";

    /** One worker's part of a run: all of it ({@code shards} = 1, this service) or one shard of it. */
    private final class BatchJob implements JobWork {
        private final long id;
        private final int itemsPerUser;
        private final int shard;
        private final int shards;
        private final ProgressMeter meter = new ProgressMeter("users", 0);

        /** Shard {@code shard} of {@code shards} of the run. */
        BatchJob(BatchRun run, int shard, int shards) {
            id = run.id();
            itemsPerUser = run.itemsPerUser();
            this.shard = shard;
            this.shards = shards;
        }

        @Override
        public void run(CancellationToken cancellation) throws Exception {
            ServingModel.Loaded loaded = serving.require();
            HybridModel model = loaded.model();
            if (!runs.recordModel(id, loaded.version(), model.userCount())) {
                throw new JobCancelledException();   // it ended meanwhile
            }
            long started = System.nanoTime();
            int users = score(id, loaded, itemsPerUser, shard, shards, meter, cancellation);
            if (shards == 1) {
                exposure.record(id);
                runs.succeedAndServe(id, meter.snapshot());
                int deleted = runs.deleteOldLists();
                Log.infof("Batch run %d: top-%d for %d users with model version %d in %.1f s (%d old rows deleted)", id,
                        itemsPerUser, model.userCount(), loaded.version(), (System.nanoTime() - started) / 1e9, deleted);
                return;
            }
            boolean last = runs.completeShard(id, shard, users, meter.snapshot());
            Log.infof("Batch run %d: shard %d of %d done (%d users)%s", id, shard, shards, users,
                    last ? "; all shards in, the new lists are served" : "");
            if (last) {
                // Served a moment before its exposure is in: until then the novelty knob discounts rating counts.
                exposure.record(id);
                runs.deleteOldLists();
            }
        }

        @Override
        public boolean reportProgress() {
            return runs.reportProgress(id, meter.snapshot());
        }

        @Override
        public void finish(JobStatus status, String error) {
            runs.finish(id, status, meter.snapshot(), error);
        }

        @Override
        public String failure(Throwable failure) {
            if (shards == 1) {
                Log.errorf(failure, "Batch run %d failed", id);
                return failure.getMessage() + ". The previous recommendations are still served.";
            }
            Log.errorf(failure, "Batch run %d shard %d failed", id, shard);
            return "shard " + shard + " of " + shards + " failed: " + failure.getMessage()
                    + ". The previous recommendations are still served.";
        }

        @Override
        public String cancelledError() {
            return CANCELLED_MESSAGE;
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
                      CancellationToken cancellation) throws SQLException, InterruptedException, ExecutionException {
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
            scoreOnAllCores(runId, scorings.get(s), usersOf.get(s), itemsPerUser, meter, cancellation);
        }
        return total;
    }

    private void scoreOnAllCores(long runId, Scoring scoring, int[] users, int itemsPerUser, ProgressMeter meter,
                                 CancellationToken cancellation) throws SQLException, InterruptedException, ExecutionException {
        if (users.length == 0) {
            return;
        }
        HybridModel model = scoring.loaded().model();
        ExcludedMovies excluded;
        try (Connection c = BackgroundConnections.open(dataSource::getConnection)) {
            excluded = ExcludedMovies.load(c, model);
        }
        List<Future<?>> slices = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "batch-scorer"));
        try {
            int perThread = (users.length + threads - 1) / threads;
            for (int from = 0; from < users.length; from += perThread) {
                int[] slice = Arrays.copyOfRange(users, from, Math.min(users.length, from + perThread));
                slices.add(pool.submit(() -> {
                    scoreSlice(runId, model, excluded, slice, itemsPerUser, scoring.listVersion(), meter, cancellation);
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
                            Long listVersion, ProgressMeter meter, CancellationToken cancellation) throws SQLException {
        int itemCount = model.movieCount();
        float[] scores = new float[USERS_PER_BLOCK * itemCount];
        float[] userScores = new float[itemCount];
        int[] top = new int[Math.min(itemsPerUser, itemCount)];
        String version = listVersion == null ? "\\N" : listVersion.toString();
        StringBuilder rows = new StringBuilder();
        try (Connection c = BackgroundConnections.open(dataSource::getConnection)) {
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
                    cancellation.throwIfCancelled();
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
