package dev.recsys.platform.job;

/**
 * Thrown inside a running job once a cancel was asked for ({@link CancellationToken#throwIfCancelled()}):
 * the job stops where it is, and its {@link JobLifecycle} ends the run CANCELLED.
 */
public class JobCancelledException extends RuntimeException {

    public JobCancelledException() {
        super("cancelled on request");
    }
}
