package dev.recsys.ingestion.job;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.recsys.ingestion.load.EntityCounts;
import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.load.Reject;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ingestion job records in {@code catalog.ingestion_runs}. Every write is its own short
 * transaction, separate from the (long) loading transaction, so progress is visible to every
 * replica while the load is still uncommitted.
 */
@ApplicationScoped
public class IngestionRunRepository {

    private static final String COLUMNS = "id, source, location, status, release, created_at, started_at, finished_at, "
            + "progress, counts, rejects, error";

    private final Sql sql;
    private final JsonColumns json;

    private final JobRunTable<IngestionRun> table;

    public IngestionRunRepository(Sql sql, RequestDatabase requests, JsonColumns json) {
        this.sql = sql;
        this.json = json;
        this.table = new JobRunTable<>(sql, requests.sql(), "catalog.ingestion_runs", COLUMNS, this::map);
    }

    /** The statements every job table shares, for the ingestions' {@code JobLifecycle}. */
    public JobRunTable<IngestionRun> table() {
        return table;
    }

    /** Records a new QUEUED run; 409 if another one is queued or running (on any replica). */
    public IngestionRun create(Source source, String location) {
        return sql.insertUnique("INSERT INTO catalog.ingestion_runs (source, location, status, worker) VALUES (?, ?, 'QUEUED', ?) "
                + "RETURNING " + COLUMNS, this::map, () -> {
                    long active = activeRunId().orElse(-1L);
                    return ProblemException.conflict("ingestion " + active + " is already queued or running; "
                            + "wait for it to finish (GET /api/v1/ingestions/" + active + ")");
                }, source.toString(), location, JobThreads.workerName());
    }

    public void setRelease(long id, String release) {
        sql.update("UPDATE catalog.ingestion_runs SET release = ? WHERE id = ?", release, id);
    }

    /** Records progress and the heartbeat; returns whether a cancel was asked for meanwhile. */
    public boolean reportProgress(long id, JobProgress progress, IngestionReport report) {
        return table.reportProgress(id, values(progress, report)).orElse(false);
    }

    /** Ends a run with its final progress, counts and rejects. */
    public void finish(long id, JobStatus status, JobProgress progress, IngestionReport report, String error) {
        table.finish(id, status, error, values(progress, report));
    }

    private ColumnValues values(JobProgress progress, IngestionReport report) {
        return ColumnValues.json("progress", json.write(progress)).andJson("counts", json.write(report.countsSnapshot()))
                .andJson("rejects", json.write(report.rejects()));
    }

    /** Fails the jobs {@code worker} left queued or running (called when that worker starts again). */
    public int failOrphaned(String worker) {
        return table.failOrphaned(worker, "the ingestion-service process running this ingestion restarted before it "
                + "finished; nothing from it was saved");
    }

    /** Fails runs whose worker stopped sending heartbeats (its process died); returns how many. */
    public int failAbandoned(int heartbeatTimeoutSeconds) {
        return table.failAbandoned(heartbeatTimeoutSeconds, "the ingestion-service process running this ingestion "
                + "stopped before it finished; nothing from it was committed", "");
    }

    public Optional<Instant> lastSucceededAt() {
        return sql.query("SELECT max(finished_at) AS finished_at FROM catalog.ingestion_runs WHERE status = 'SUCCEEDED'",
                rs -> Optional.ofNullable(Sql.instant(rs, "finished_at"))).get(0);
    }

    private Optional<Long> activeRunId() {
        return sql.query("SELECT id FROM catalog.ingestion_runs WHERE status IN ('QUEUED', 'RUNNING')",
                rs -> rs.getLong(1)).stream().findFirst();
    }

    private IngestionRun map(ResultSet rs) throws SQLException {
        return new IngestionRun(rs.getLong("id"), Source.of(rs.getString("source")), rs.getString("location"),
                JobStatus.valueOf(rs.getString("status")), rs.getString("release"), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"),
                json.read(rs.getString("progress"), new TypeReference<JobProgress>() { }),
                json.read(rs.getString("counts"), new TypeReference<Map<String, EntityCounts.Snapshot>>() { }),
                json.read(rs.getString("rejects"), new TypeReference<List<Reject>>() { }),
                rs.getString("error"));
    }
}
