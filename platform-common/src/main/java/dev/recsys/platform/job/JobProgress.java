package dev.recsys.platform.job;

/** How far a job has come: {@code done} of {@code total} {@code unit}s, its rate and the time left. */
public record JobProgress(long done, Long total, String unit, Double ratePerSecond, Long etaSeconds) {
}
