package dev.recsys.training.run;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.recsys.platform.db.JsonColumns;
import dev.recsys.platform.db.RequestDatabase;
import dev.recsys.platform.db.Sql;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.job.ColumnValues;
import dev.recsys.platform.job.JobProgress;
import dev.recsys.platform.job.JobRunTable;
import dev.recsys.platform.job.JobStatus;
import dev.recsys.platform.job.JobThreads;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Training job records in {@code training.training_runs}; each write is its own short transaction. */
@ApplicationScoped
public class TrainingRunRepository {

    private static final String COLUMNS = "id, status, params, created_at, started_at, finished_at, progress, epochs, "
            + "metrics, model_version, activated, error";

    private final Sql sql;
    private final JsonColumns json;

    private final JobRunTable<TrainingRun> table;

    public TrainingRunRepository(Sql sql, RequestDatabase requests, JsonColumns json) {
        this.sql = sql;
        this.json = json;
        this.table = new JobRunTable<>(sql, requests.sql(), "training.training_runs", COLUMNS, this::map);
    }

    /** The statements every job table shares, for the training runs' {@code JobLifecycle}. */
    public JobRunTable<TrainingRun> table() {
        return table;
    }

    /** Records a QUEUED run; 409 if another is queued or running on any replica. */
    public TrainingRun create(TrainingRequest params) {
        return sql.insertUnique("INSERT INTO training.training_runs (status, params, worker) VALUES ('QUEUED', ?::jsonb, ?) RETURNING "
                + COLUMNS, this::map, () -> ProblemException.conflict("a training run is already queued or running; "
                        + "wait for it to finish (GET /api/v1/training-runs?limit=1)"), json.write(params),
                JobThreads.workerName());
    }

    /** Records progress and the heartbeat; returns whether a cancel was asked for meanwhile. */
    public boolean reportProgress(long id, JobProgress progress, List<EpochRecord> epochs) {
        return table.reportProgress(id, values(progress, epochs)).orElse(false);
    }

    /** Ends a run FAILED or CANCELLED (a run that succeeded ends in {@link #succeed}, with its version). */
    public void finish(long id, JobStatus status, JobProgress progress, List<EpochRecord> epochs, String error) {
        table.finish(id, status, error, values(progress, epochs));
    }

    private ColumnValues values(JobProgress progress, List<EpochRecord> epochs) {
        return ColumnValues.json("progress", json.write(progress)).andJson("epochs", json.write(epochs));
    }

    /** Marks the run SUCCEEDED in the caller's transaction (the one that registers its version). */
    void succeed(Connection c, long id, JobProgress progress, List<EpochRecord> epochs, MetricsView.Report metrics,
                 long version, boolean activated) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE training.training_runs SET status = 'SUCCEEDED', "
                + "finished_at = now(), progress = ?::jsonb, epochs = ?::jsonb, metrics = ?::jsonb, model_version = ?, "
                + "activated = ? WHERE id = ?")) {
            ps.setString(1, json.write(progress));
            ps.setString(2, json.write(epochs));
            ps.setString(3, json.write(metrics));
            ps.setLong(4, version);
            ps.setBoolean(5, activated);
            ps.setLong(6, id);
            ps.executeUpdate();
        }
    }

    /** Fails the runs {@code worker} left queued or running (called when that worker starts again). */
    public int failOrphaned(String worker) {
        return table.failOrphaned(worker, "the training-service process running this training restarted before it "
                + "finished; no model version was registered");
    }

    /** Fails runs whose worker stopped sending heartbeats (its process died). */
    public int failAbandoned(int heartbeatTimeoutSeconds) {
        return table.failAbandoned(heartbeatTimeoutSeconds, "the training-service process running this training "
                + "stopped before it finished; no model version was registered", "");
    }

    private TrainingRun map(ResultSet rs) throws SQLException {
        long version = rs.getLong("model_version");
        Long modelVersion = rs.wasNull() ? null : version;
        boolean activated = rs.getBoolean("activated");
        Boolean activatedOrNull = rs.wasNull() ? null : activated;
        return new TrainingRun(rs.getLong("id"), JobStatus.valueOf(rs.getString("status")),
                json.read(rs.getString("params"), new TypeReference<TrainingRequest>() { }),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"),
                json.read(rs.getString("progress"), new TypeReference<JobProgress>() { }),
                json.read(rs.getString("epochs"), new TypeReference<List<EpochRecord>>() { }),
                json.read(rs.getString("metrics"), new TypeReference<MetricsView.Report>() { }),
                modelVersion, activatedOrNull, rs.getString("error"));
    }

}
