package dev.recsys.platform.job;

import dev.recsys.platform.error.ProblemException;
import io.quarkus.logging.Log;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.IntSupplier;
import java.util.function.LongPredicate;
import java.util.function.ToIntFunction;

/**
 * The one life cycle of every job kind (ingestions, training runs, batch runs): start a run on the
 * kind's worker thread, find it, list the latest, cancel it, and execute it, which ends it
 * SUCCEEDED, FAILED with a message, or CANCELLED. What a run does and the columns it writes come
 * from its {@link JobWork}.
 *
 * <p>A cancel request is stored with the run (so the replica that runs it sees it at its next
 * progress report, within a second) and also reaches the run's {@link CancellationToken} at once
 * when this process runs it. Only a queued or running run can be cancelled: a finished one answers
 * 409. A cancelled run keeps what it replaced: its work rolls back or removes its partial result.
 */
public final class JobLifecycle<R extends JobRun> {

    private final String kind;
    private final String noun;
    private final JobRunTable<R> table;
    private final LongPredicate requestCancel;
    private final JobThreads threads;
    /** The runs this process executes, by id: a cancel request reaching this process stops its run at once. */
    private final Map<Long, CancellationToken> running = new ConcurrentHashMap<>();

    /**
     * {@code kind} names the runs in messages, threads and logs ("training run"); {@code noun} is
     * the shorter word of the cancel conflict ("only a queued or running training can be cancelled").
     */
    public JobLifecycle(String kind, String noun, JobRunTable<R> table) {
        this(kind, noun, table, table::requestCancel);
    }

    /**
     * With the kind's own way to store a cancel request ({@code requestCancel} returns false when
     * the run is not active), e.g. one that ends a queued run at once because no worker may come for it.
     */
    public JobLifecycle(String kind, String noun, JobRunTable<R> table, LongPredicate requestCancel) {
        this.kind = kind;
        this.noun = noun;
        this.table = table;
        this.requestCancel = requestCancel;
        this.threads = new JobThreads(kind);
    }

    /**
     * At startup: fails the runs this worker's previous process left at once, and those of other
     * processes that died once their heartbeat is stale (checked now and every 30 s).
     */
    public void recover(ToIntFunction<String> failOrphaned, IntSupplier failAbandoned) {
        threads.failOrphaned(failOrphaned);
        threads.sweepAbandoned(failAbandoned);
    }

    public void shutdown() {
        threads.shutdown();
    }

    /** Queues a recorded run on this process's worker, which runs one job at a time. */
    public R start(R run, JobWork work) {
        threads.submit(() -> execute(run.id(), work));
        return run;
    }

    /** The run, or 404 problem. */
    public R get(long id) {
        return table.find(id).orElseThrow(() -> ProblemException.notFound("no " + kind + " with id " + id));
    }

    /** The latest {@code limit} runs, newest first. */
    public List<R> latest(int limit) {
        return table.latest(limit);
    }

    /** Asks a queued or running run to stop (404 when there is none, 409 when it has finished); returns it as it is now. */
    public R cancel(long id) {
        R run = get(id);
        if (!requestCancel.test(id)) {
            throw ProblemException.conflict(kind + " " + id + " is already " + run.status() + "; only a queued or "
                    + "running " + noun + " can be cancelled");
        }
        CancellationToken local = running.get(id);
        if (local != null) {
            local.request();   // this process runs it: stop now, not at the next progress report
        }
        return table.find(id).orElseThrow();
    }

    /**
     * Runs a recorded run on the calling thread, reporting its progress every second, and returns how
     * it ended. {@code work} records success itself; a failure or a cancel is recorded here through
     * {@link JobWork#finish}. Any failure after a cancel was asked for counts as the cancel (an
     * aborted statement fails the way a cancel is meant to).
     */
    public JobStatus execute(long id, JobWork work) {
        if (!table.markRunning(id)) {
            Log.infof("%s %d was cancelled before it started", capitalized(), id);
            return JobStatus.CANCELLED;
        }
        CancellationToken cancellation = new CancellationToken();
        running.put(id, cancellation);
        long started = System.nanoTime();
        JobStatus status = JobStatus.FAILED;
        String error;
        try (JobThreads.Reporting reporting = threads.reportEverySecond(id, () -> {
            if (work.reportProgress()) {
                cancellation.request();
            }
        })) {
            if (table.cancelRequested(id)) {
                cancellation.request();   // asked while it was queued
            }
            cancellation.throwIfCancelled();
            work.run(cancellation);
            return JobStatus.SUCCEEDED;
        } catch (Exception | Error e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (cause instanceof JobCancelledException || cancellation.isRequested()) {
                status = JobStatus.CANCELLED;
                error = work.cancelledError();
                Log.infof("%s %d cancelled after %.1f s (%s)", capitalized(), id, (System.nanoTime() - started) / 1e9,
                        cause.getMessage());
            } else {
                error = work.failure(cause);
            }
        } finally {
            running.remove(id);
        }
        work.finish(status, error);
        return status;
    }

    private String capitalized() {
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }
}
