package dev.recsys.platform.job;

/** Life cycle of every long-running job (ingestions, training runs, batch runs). */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }
}
