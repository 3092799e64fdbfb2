package dev.recsys.platform.job;

/**
 * What one run of a job kind does, and how it records itself: the part that differs between
 * ingestions, training runs and batch runs. {@link JobLifecycle#execute} calls it.
 */
public interface JobWork {

    /**
     * Does the work, calling {@code cancellation.throwIfCancelled()} where it may stop, and records
     * success with its result (SUCCEEDED, in the same transaction as the result where there is one).
     */
    void run(CancellationToken cancellation) throws Exception;

    /** Records progress and the heartbeat; true when the run should stop (a cancel was asked for). */
    boolean reportProgress();

    /** Records a FAILED or CANCELLED end with {@code error} and what the run has done so far. */
    void finish(JobStatus status, String error);

    /** The error a run that failed with {@code failure} records; logs the failure. */
    String failure(Throwable failure);

    /** The error a cancelled run records: what was kept and what was not. */
    String cancelledError();
}
