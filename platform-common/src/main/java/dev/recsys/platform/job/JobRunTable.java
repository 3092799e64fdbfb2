package dev.recsys.platform.job;

import dev.recsys.platform.db.Sql;

/**
 * The run-record statements every job table shares (ingestion, training and batch runs: columns
 * {@code status, finished_at, heartbeat_at, error, cancel_requested, worker}): asking a run to
 * stop, and failing the runs a dead process left behind.
 */
public final class JobRunTable {

    private final Sql sql;
    private final String table;

    /** {@code table} is schema-qualified, e.g. {@code training.training_runs}. */
    public JobRunTable(Sql sql, String table) {
        this.sql = sql;
        this.table = table;
    }

    /** Asks a queued or running job to stop; false when it is not active (finished or unknown). */
    public boolean requestCancel(long id) {
        return sql.update("UPDATE " + table + " SET cancel_requested = true WHERE id = ? AND status IN ('QUEUED', 'RUNNING')",
                id) == 1;
    }

    /**
     * Fails the jobs {@code worker} ({@link JobThreads#workerName()}) left queued or running: called
     * when that worker starts again, so they fail at once instead of after the heartbeat timeout.
     */
    public int failOrphaned(String worker, String error) {
        return sql.update("UPDATE " + table + " SET status = 'FAILED', finished_at = now(), error = ? "
                + "WHERE status IN ('QUEUED', 'RUNNING') AND worker = ?", error, worker);
    }

    /** Fails the jobs whose worker stopped sending heartbeats; {@code extraCondition} narrows them (or is empty). */
    public int failAbandoned(int heartbeatTimeoutSeconds, String error, String extraCondition) {
        return sql.update("UPDATE " + table + " SET status = 'FAILED', finished_at = now(), error = ? "
                + "WHERE status IN ('QUEUED', 'RUNNING') " + extraCondition
                + " AND heartbeat_at < now() - make_interval(secs => ?)", error, heartbeatTimeoutSeconds);
    }
}
