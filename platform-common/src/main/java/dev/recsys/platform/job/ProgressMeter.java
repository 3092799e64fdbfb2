package dev.recsys.platform.job;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts work done by a job and derives rate and ETA from it. Thread-safe: the worker
 * advances it while a reporter thread reads snapshots.
 */
public final class ProgressMeter {

    private final String unit;
    private final Clock clock;
    private final long startedMillis;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;

    public ProgressMeter(String unit, long total, Clock clock) {
        this.unit = unit;
        this.total = total;
        this.clock = clock;
        this.startedMillis = clock.millis();
    }

    public ProgressMeter(String unit, long total) {
        this(unit, total, Clock.systemUTC());
    }

    public void advance(long amount) {
        done.addAndGet(amount);
    }

    public void setTotal(long total) {
        this.total = total;
    }

    public JobProgress snapshot() {
        long doneNow = done.get();
        double seconds = Math.max(1, clock.millis() - startedMillis) / 1000.0;
        double rate = doneNow / seconds;
        Long totalNow = total > 0 ? total : null;
        Long eta = totalNow != null && rate > 0 ? Math.max(0, Math.round((totalNow - doneNow) / rate)) : null;
        return new JobProgress(doneNow, totalNow, unit, Math.round(rate * 10) / 10.0, eta);
    }
}
