package dev.recsys.recommendation.batch;

import dev.recsys.model.TopK;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.platform.job.ProgressMeter;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
    private static final int HEARTBEAT_TIMEOUT_SECONDS = 120;

    private final BatchRunRepository runs;
    private final ServingModel serving;
    private final AgroalDataSource dataSource;
    private final int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "batch-worker"));
    private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "batch-progress"));

    public BatchService(BatchRunRepository runs, ServingModel serving, AgroalDataSource dataSource) {
        this.runs = runs;
        this.serving = serving;
        this.dataSource = dataSource;
    }

    void onStart(@Observes StartupEvent event) {
        reporter.scheduleWithFixedDelay(() -> {
            try {
                runs.failAbandoned(HEARTBEAT_TIMEOUT_SECONDS);
            } catch (RuntimeException e) {
                Log.warnf("Could not check for abandoned batch runs: %s", e.getMessage());
            }
        }, 0, 30, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
        reporter.shutdownNow();
    }

    public BatchRun start(int itemsPerUser) {
        BatchRun run = runs.create(itemsPerUser);
        worker.submit(() -> execute(run.id(), itemsPerUser));
        return run;
    }

    public Optional<BatchRun> find(long id) {
        return runs.find(id);
    }

    public List<BatchRun> latest(int limit) {
        return runs.latest(limit);
    }

    private void execute(long id, int itemsPerUser) {
        ProgressMeter meter = new ProgressMeter("users", 0);
        ScheduledFuture<?> reporting = reporter.scheduleAtFixedRate(() -> {
            try {
                runs.reportProgress(id, meter.snapshot());
            } catch (RuntimeException e) {
                Log.warnf("Could not record progress of batch run %d: %s", id, e.getMessage());
            }
        }, 1, 1, TimeUnit.SECONDS);
        try {
            ServingModel.Loaded loaded = serving.current().orElseThrow(() -> new IllegalStateException(
                    "no model is active: train and activate one first (POST /api/v1/training-runs on training-service)"));
            HybridModel model = loaded.model();
            runs.markRunning(id, loaded.version(), model.userCount());
            meter.setTotal(model.userCount());
            long started = System.nanoTime();
            RatedMovies rated;
            try (Connection c = dataSource.getConnection()) {
                rated = RatedMovies.load(c, model);
            }
            // Each thread scores a contiguous slice of users and writes its own rows.
            List<Future<?>> slices = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "batch-scorer"));
            try {
                int users = model.userCount();
                int slice = (users + threads - 1) / threads;
                for (int t = 0; t < threads; t++) {
                    int from = t * slice;
                    int to = Math.min(users, from + slice);
                    slices.add(pool.submit(() -> {
                        scoreSlice(id, model, rated, from, to, itemsPerUser, meter);
                        return null;
                    }));
                }
                for (Future<?> f : slices) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            runs.succeedAndServe(id, meter.snapshot());
            int deleted = runs.deleteOldLists();
            Log.infof("Batch run %d: top-%d for %d users with model version %d in %.1f s (%d old rows deleted)", id,
                    itemsPerUser, model.userCount(), loaded.version(), (System.nanoTime() - started) / 1e9, deleted);
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            Log.errorf(cause, "Batch run %d failed", id);
            runs.fail(id, meter.snapshot(), cause.getMessage() + ". The previous recommendations are still served.");
        } finally {
            reporting.cancel(false);
        }
    }

    private void scoreSlice(long runId, HybridModel model, RatedMovies rated, int from, int to, int itemsPerUser,
                            ProgressMeter meter) throws SQLException {
        float[] scores = new float[model.itemCount()];
        int[] top = new int[Math.min(itemsPerUser, model.itemCount())];
        StringBuilder rows = new StringBuilder();
        try (Connection c = dataSource.getConnection()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            int pending = 0;
            for (int user = from; user < to; user++) {
                model.scores(user, scores);
                rated.exclude(user, scores);
                int found = TopK.select(scores, top);
                rows.append(runId).append('\t').append(model.userId(user)).append("\t{");
                for (int k = 0; k < found; k++) {
                    rows.append(k == 0 ? "" : ",").append(model.itemId(top[k]));
                }
                rows.append("}\t{");
                for (int k = 0; k < found; k++) {
                    rows.append(k == 0 ? "" : ",").append(scores[top[k]]);
                }
                rows.append("}\n");
                if (++pending == USERS_PER_WRITE || user == to - 1) {
                    copy.copyIn("COPY recs.user_recommendations (batch_run_id, user_id, movie_ids, scores) FROM STDIN",
                            new StringReader(rows.toString()));
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
