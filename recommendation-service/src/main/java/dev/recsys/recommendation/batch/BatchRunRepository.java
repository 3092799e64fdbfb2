package dev.recsys.recommendation.batch;

import dev.recsys.platform.db.Transactions;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.recsys.platform.db.JsonColumns;
import dev.recsys.platform.db.Sql;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.job.ColumnValues;
import dev.recsys.platform.job.JobCancelledException;
import dev.recsys.platform.job.JobProgress;
import dev.recsys.platform.job.JobRunTable;
import dev.recsys.platform.job.JobStatus;
import dev.recsys.platform.job.JobThreads;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Batch run records in {@code recs.batch_runs} and the pointer to the serving run. */
@ApplicationScoped
public class BatchRunRepository {

    private static final String COLUMNS = "id, status, model_version, users, items_per_user, shards, created_at, "
            + "started_at, finished_at, progress, error";

    private final AgroalDataSource dataSource;
    private final Sql sql;
    private final JsonColumns json;

    private final JobRunTable<BatchRun> table;

    public BatchRunRepository(AgroalDataSource dataSource, Sql sql, JsonColumns json) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.json = json;
        this.table = new JobRunTable<>(sql, "recs.batch_runs", COLUMNS, this::map);
    }

    /** The statements every job table shares, for the batch runs' {@code JobLifecycle}. */
    public JobRunTable<BatchRun> table() {
        return table;
    }

    /** Records a run; one shard is run by this process (its worker), more by shard workers. */
    public BatchRun create(int itemsPerUser, int shards) {
        return sql.insertUnique("INSERT INTO recs.batch_runs (status, items_per_user, shards, worker) VALUES ('QUEUED', ?, ?, ?) "
                + "RETURNING " + COLUMNS, this::map, () -> ProblemException.conflict("a batch run is already queued or "
                        + "running; wait for it to finish (GET /api/v1/batch-runs?limit=1)"), itemsPerUser, shards,
                shards == 1 ? JobThreads.workerName() : null);
    }

    public Optional<Long> servingRunId() {
        return sql.query("SELECT batch_run_id FROM recs.serving_batch", rs -> rs.getLong(1)).stream().findFirst();
    }

    /** Records the model a running run scores with; false when the run ended meanwhile, and then nothing is to be done. */
    public boolean recordModel(long id, long modelVersion, int users) {
        return sql.update("UPDATE recs.batch_runs SET model_version = ?, users = ? WHERE id = ? "
                + "AND status IN ('QUEUED', 'RUNNING')", modelVersion, users, id) == 1;
    }

    /** The queued or running sharded run with this many shards, for a shard worker to join. */
    public Optional<BatchRun> activeShardedRun(int shards) {
        return sql.query("SELECT " + COLUMNS + " FROM recs.batch_runs WHERE status IN ('QUEUED', 'RUNNING') AND shards = ?",
                this::map, shards).stream().findFirst();
    }

    /**
     * Records a finished shard; returns true when it was the last one, in which case the run has been
     * marked SUCCEEDED and made the serving run in the same transaction.
     */
    public boolean completeShard(long id, int shard, int users, JobProgress progress) throws SQLException {
        return Transactions.inTransaction(dataSource, c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT shards FROM recs.batch_runs WHERE id = ? FOR UPDATE");
                 PreparedStatement record = c.prepareStatement("INSERT INTO recs.batch_shards (batch_run_id, shard, users) "
                         + "VALUES (?, ?, ?) ON CONFLICT (batch_run_id, shard) DO UPDATE SET users = EXCLUDED.users, "
                         + "finished_at = now()");
                 PreparedStatement count = c.prepareStatement("SELECT count(*) FROM recs.batch_shards WHERE batch_run_id = ?")) {
                lock.setLong(1, id);
                int shards;
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    shards = rs.getInt(1);
                }
                record.setLong(1, id);
                record.setInt(2, shard);
                record.setInt(3, users);
                record.executeUpdate();
                count.setLong(1, id);
                boolean last;
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    last = rs.getInt(1) == shards;
                }
                if (last) {
                    succeedAndServe(c, id, progress);
                }
                return last;
            }
        });
    }

    /**
     * Records progress and the heartbeat; returns whether the worker should stop: a cancel was asked
     * for, or the run already ended elsewhere (cancelled while its shards were queued, or failed).
     */
    public boolean reportProgress(long id, JobProgress progress) {
        return table.reportProgress(id, ColumnValues.json("progress", json.write(progress))).orElse(true);
    }

    /**
     * Cancels a batch: a queued one ends CANCELLED at once (no worker may be there to see the request),
     * a running one is asked to stop. False when it is not active.
     */
    public boolean requestCancel(long id, String message) {
        if (sql.update("UPDATE recs.batch_runs SET status = 'CANCELLED', cancel_requested = true, finished_at = now(), "
                + "error = ? WHERE id = ? AND status = 'QUEUED'", message, id) == 1) {
            sql.update("DELETE FROM recs.user_recommendations WHERE batch_run_id = ?", id);
            return true;
        }
        return table.requestCancel(id);
    }

    /** Marks the run SUCCEEDED and makes it the serving run, in one transaction: readers switch at once. */
    public void succeedAndServe(long id, JobProgress progress) throws SQLException {
        Transactions.inTransaction(dataSource, c -> {
            succeedAndServe(c, id, progress);
            return null;
        });
    }

    private void succeedAndServe(Connection c, long id, JobProgress progress) throws SQLException {
        // A run cancelled (or ended elsewhere) meanwhile is never served.
        try (PreparedStatement done = c.prepareStatement("UPDATE recs.batch_runs SET status = 'SUCCEEDED', "
                + "finished_at = now(), progress = ?::jsonb WHERE id = ? AND status = 'RUNNING' AND NOT cancel_requested");
             PreparedStatement serve = c.prepareStatement("INSERT INTO recs.serving_batch (batch_run_id) VALUES (?) "
                     + "ON CONFLICT (singleton) DO UPDATE SET batch_run_id = EXCLUDED.batch_run_id, switched_at = now()")) {
            done.setString(1, json.write(progress));
            done.setLong(2, id);
            if (done.executeUpdate() == 0) {
                throw new JobCancelledException();
            }
            serve.setLong(1, id);
            serve.executeUpdate();
        }
    }

    /**
     * Ends a run FAILED or CANCELLED, unless it ended already (another shard's end stands), and
     * removes its partial lists at once (they are never served).
     */
    public void finish(long id, JobStatus status, JobProgress progress, String error) {
        table.finishIfActive(id, status, error, ColumnValues.json("progress", json.write(progress)));
        sql.update("DELETE FROM recs.user_recommendations WHERE batch_run_id = ?", id);
    }

    /** Deletes the lists of runs that are neither serving nor the one before it (kept for a quick look back). */
    public int deleteOldLists() {
        String old = "batch_run_id NOT IN (SELECT id FROM recs.batch_runs WHERE status = 'SUCCEEDED' ORDER BY id DESC LIMIT 2) "
                + "AND batch_run_id NOT IN (SELECT id FROM recs.batch_runs WHERE status IN ('QUEUED', 'RUNNING'))";
        sql.update("DELETE FROM recs.movie_exposure WHERE " + old);
        return sql.update("DELETE FROM recs.user_recommendations WHERE " + old);
    }

    /** Fails the runs {@code worker} left queued or running (called when that worker starts again). */
    public int failOrphaned(String worker) {
        int failed = table.failOrphaned(worker, "the recommendation-service process running this batch restarted "
                + "before it finished; the previous lists are still served");
        deleteListsOfEndedRuns();
        return failed;
    }

    /** Fails sharded runs that no shard worker took up in time (they would wait forever). */
    public int failUnclaimed(int unclaimedTimeoutSeconds) {
        int failed = sql.update("UPDATE recs.batch_runs SET status = 'FAILED', finished_at = now(), error = "
                + "'no shard worker took up this run within ' || ?::text || ' s (recsys.batch.unclaimed-timeout-seconds): start "
                + "the shard workers (RECSYS_BATCH_SHARDS, k8s/jobs/batch-sharded) after recording a sharded run; the "
                + "previous lists are still served' WHERE status = 'QUEUED' AND shards > 1 "
                + "AND created_at < now() - make_interval(secs => ?)", unclaimedTimeoutSeconds, unclaimedTimeoutSeconds);
        deleteListsOfEndedRuns();
        return failed;
    }

    /** Lists of failed or cancelled runs are never served: removed as soon as their run ends. */
    private void deleteListsOfEndedRuns() {
        sql.update("DELETE FROM recs.user_recommendations WHERE batch_run_id IN "
                + "(SELECT id FROM recs.batch_runs WHERE status IN ('FAILED', 'CANCELLED'))");
    }

    /** Fails runs whose worker stopped sending heartbeats (a queued sharded run waits for workers instead). */
    public int failAbandoned(int heartbeatTimeoutSeconds) {
        int failed = table.failAbandoned(heartbeatTimeoutSeconds, "the recommendation-service process running this "
                + "batch stopped before it finished; the previous lists are still served",
                "AND NOT (status = 'QUEUED' AND shards > 1)");
        deleteListsOfEndedRuns();
        return failed;
    }

    private BatchRun map(ResultSet rs) throws SQLException {
        long version = rs.getLong("model_version");
        Long modelVersion = rs.wasNull() ? null : version;
        int users = rs.getInt("users");
        Integer usersOrNull = rs.wasNull() ? null : users;
        return new BatchRun(rs.getLong("id"), JobStatus.valueOf(rs.getString("status")), modelVersion, usersOrNull,
                rs.getInt("items_per_user"), rs.getInt("shards"), Sql.instant(rs, "created_at"), Sql.instant(rs, "started_at"),
                Sql.instant(rs, "finished_at"), json.read(rs.getString("progress"), new TypeReference<JobProgress>() { }),
                rs.getString("error"));
    }
}
