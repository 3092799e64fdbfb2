package dev.recsys.platform.job;

import dev.recsys.platform.db.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run-record statements every job table shares (ingestion, training and batch runs: columns
 * {@code id, status, started_at, finished_at, heartbeat_at, error, cancel_requested, worker}):
 * reading runs, marking one running, its progress reports (which read a cancel request back),
 * asking it to stop, ending it, and failing the runs a dead process left behind. Each statement is
 * its own short transaction. A kind's own columns come in as {@link ColumnValues}.
 */
public final class JobRunTable<R> {

    private static final String ACTIVE = "status IN ('QUEUED', 'RUNNING')";

    private final Sql sql;
    /** The reads a request makes ({@link #find}, {@link #latest}): bounded when the service gives request bounds. */
    private final Sql reads;
    private final String table;
    private final String columns;
    private final Sql.RowMapper<R> mapper;

    /** {@code table} is schema-qualified, e.g. {@code training.training_runs}; {@code columns} are what {@code mapper} reads. */
    public JobRunTable(Sql sql, String table, String columns, Sql.RowMapper<R> mapper) {
        this(sql, sql, table, columns, mapper);
    }

    /** The same, a request's reads through {@code reads} ({@link dev.recsys.platform.db.RequestDatabase#sql()}). */
    public JobRunTable(Sql sql, Sql reads, String table, String columns, Sql.RowMapper<R> mapper) {
        this.sql = sql;
        this.reads = reads;
        this.table = table;
        this.columns = columns;
        this.mapper = mapper;
    }

    public Optional<R> find(long id) {
        return reads.query("SELECT " + columns + " FROM " + table + " WHERE id = ?", mapper, id).stream().findFirst();
    }

    /** The latest {@code limit} runs, newest first. */
    public List<R> latest(int limit) {
        return reads.query("SELECT " + columns + " FROM " + table + " ORDER BY id DESC LIMIT ?", mapper, limit);
    }

    /**
     * Marks a queued (or, for another shard, running) run RUNNING; false when it has ended already,
     * cancelled while it was queued, and then there is nothing to do.
     */
    public boolean markRunning(long id) {
        return sql.update("UPDATE " + table + " SET status = 'RUNNING', started_at = coalesce(started_at, now()), "
                + "heartbeat_at = now() WHERE id = ? AND " + ACTIVE, id) == 1;
    }

    /**
     * Records progress and the heartbeat of an active run: whether a cancel was asked for meanwhile,
     * or empty when the run is no longer active (it ended elsewhere).
     */
    public Optional<Boolean> reportProgress(long id, ColumnValues values) {
        List<Object> args = new ArrayList<>(values.values());
        args.add(id);
        return sql.query("UPDATE " + table + " SET heartbeat_at = now()" + values.assignments() + " WHERE id = ? AND "
                + ACTIVE + " RETURNING cancel_requested", rs -> rs.getBoolean(1), args.toArray()).stream().findFirst();
    }

    /** Asks a queued or running job to stop; false when it is not active (finished or unknown). */
    public boolean requestCancel(long id) {
        return sql.update("UPDATE " + table + " SET cancel_requested = true WHERE id = ? AND " + ACTIVE, id) == 1;
    }

    public boolean cancelRequested(long id) {
        return sql.query("SELECT cancel_requested FROM " + table + " WHERE id = ?", rs -> rs.getBoolean(1), id)
                .stream().findFirst().orElse(false);
    }

    /** Ends a run: its worker's word is final, even over a sweep that took it for dead. */
    public void finish(long id, JobStatus status, String error, ColumnValues values) {
        finish(id, status, error, values, "");
    }

    /** Ends a run unless it ended already: where several workers share a run, the first ending stands. */
    public void finishIfActive(long id, JobStatus status, String error, ColumnValues values) {
        finish(id, status, error, values, " AND " + ACTIVE);
    }

    private void finish(long id, JobStatus status, String error, ColumnValues values, String condition) {
        List<Object> args = new ArrayList<>(List.of(status.name()));
        args.addAll(values.values());
        args.add(error);
        args.add(id);
        sql.update("UPDATE " + table + " SET status = ?, finished_at = now()" + values.assignments() + ", error = ? "
                + "WHERE id = ?" + condition, args.toArray());
    }

    /**
     * Fails the jobs {@code worker} ({@link JobThreads#workerName()}) left queued or running: called
     * when that worker starts again, so they fail at once instead of after the heartbeat timeout.
     */
    public int failOrphaned(String worker, String error) {
        return sql.update("UPDATE " + table + " SET status = 'FAILED', finished_at = now(), error = ? "
                + "WHERE " + ACTIVE + " AND worker = ?", error, worker);
    }

    /** Fails the jobs whose worker stopped sending heartbeats; {@code extraCondition} narrows them (or is empty). */
    public int failAbandoned(int heartbeatTimeoutSeconds, String error, String extraCondition) {
        return sql.update("UPDATE " + table + " SET status = 'FAILED', finished_at = now(), error = ? "
                + "WHERE " + ACTIVE + " " + extraCondition
                + " AND heartbeat_at < now() - make_interval(secs => ?)", error, heartbeatTimeoutSeconds);
    }
}
