package dev.recsys.platform.job;

import io.quarkus.logging.Log;

/**
 * A running job's view of a cancel request: set at once when the request reaches the process that
 * runs the job, and by the once-a-second progress report when it reached another replica (the
 * request is stored with the run). The job's loops call {@link #throwIfCancelled()}; work that
 * blocks in one long call (an SQL statement) attaches a way to abort it, which every request
 * triggers again, so one that arrived between two statements is not lost.
 */
public final class CancellationToken {

    /** Aborts what the job is blocked in, e.g. a PostgreSQL statement. */
    @FunctionalInterface
    public interface Abort {
        void abort() throws Exception;
    }

    private volatile boolean requested;
    /** Guarded by this. */
    private Abort abort;

    public boolean isRequested() {
        return requested;
    }

    public void throwIfCancelled() {
        if (requested) {
            throw new JobCancelledException();
        }
    }

    public synchronized void request() {
        requested = true;
        if (abort != null) {
            try {
                abort.abort();
            } catch (Exception e) {
                Log.debugf("Could not abort the cancelled job's running work: %s", e.getMessage());
            }
        }
    }

    /** From now on a request also aborts the running work; throws at once when a cancel was already asked for. */
    public synchronized void attachAbort(Abort abort) {
        this.abort = abort;
        throwIfCancelled();
    }

    /** Before what must not be aborted (a commit or rollback): a request from now on only sets the flag. */
    public synchronized void detachAbort() {
        abort = null;
    }
}
