package dev.recsys.client;

import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits for a job resource (an ingestion, a training run, a batch run) to finish: the one poller
 * behind the weekly chain ({@link WeeklyChain}), the tests, the bench scripts and the local stack.
 */
public final class JobPolling {

    /** The statuses of a job that is still going; every other status is final. */
    public static final Set<String> UNFINISHED = Set.of("QUEUED", "RUNNING");

    private JobPolling() {
    }

    /**
     * Fetches the job every {@code interval} until its status is final and returns it; throws
     * {@link AssertionError} naming {@code what} when {@code timeout} passes first (a test fails on
     * it; a script's main exits with it).
     */
    public static <T> T awaitFinished(String what, Duration timeout, Duration interval, Supplier<T> fetch,
                                      Function<T, String> status) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T job = fetch.get();
            if (!UNFINISHED.contains(status.apply(job))) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not finish within " + timeout.toSeconds() + " s; last seen: " + job);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
