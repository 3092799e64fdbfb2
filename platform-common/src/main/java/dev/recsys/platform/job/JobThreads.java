package dev.recsys.platform.job;

import io.quarkus.logging.Log;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The threads behind one kind of job (ingestion, training, batch): a single worker, so a replica
 * runs one job at a time; a progress report every second while a job runs, which is also its
 * heartbeat; and a sweep every 30 s that fails the jobs whose heartbeat stopped (their replica
 * died). A failed report or sweep is logged, never fatal to the job.
 */
public final class JobThreads {

    private static final int SWEEP_SECONDS = 30;

    private final String kind;
    private final ExecutorService worker;
    private final ScheduledExecutorService scheduler;

    /** {@code kind} names the threads and the log lines, e.g. "training run". */
    public JobThreads(String kind) {
        this.kind = kind;
        String name = kind.replace(' ', '-');
        worker = Executors.newSingleThreadExecutor(r -> new Thread(r, name + "-worker"));
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, name + "-progress"));
    }

    /** Runs {@code failAbandoned} (which returns how many jobs it failed) now and every 30 s. */
    public void sweepAbandoned(IntSupplier failAbandoned) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int failed = failAbandoned.getAsInt();
                if (failed > 0) {
                    Log.warnf("Marked %d abandoned %s(s) as FAILED", failed, kind);
                }
            } catch (RuntimeException e) {
                Log.warnf("Could not check for abandoned %ss: %s", kind, e.getMessage());
            }
        }, 0, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * This process as a job's worker: host name and HTTP port. A container restarted in its pod (or
     * a local service restarted) has the same name, so it can fail the jobs it left behind at once.
     */
    public static String workerName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        String port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.port", String.class).orElse("8080");
        return host + ":" + port;
    }

    /** At start: fails the jobs this worker left queued or running when its previous process died. */
    public void failOrphaned(java.util.function.ToIntFunction<String> failOrphaned) {
        try {
            int failed = failOrphaned.applyAsInt(workerName());
            if (failed > 0) {
                Log.warnf("Marked %d %s(s) left running by this worker's previous process as FAILED", failed, kind);
            }
        } catch (RuntimeException e) {
            Log.warnf("Could not check for %ss left by a previous process: %s", kind, e.getMessage());
        }
    }

    public void submit(Runnable job) {
        worker.submit(job);
    }

    /** Calls {@code report} every second until the returned handle is closed. */
    public Reporting reportEverySecond(long id, Runnable report) {
        ScheduledFuture<?> future = scheduler.scheduleAtFixedRate(() -> {
            try {
                report.run();
            } catch (RuntimeException e) {
                Log.warnf("Could not record progress of %s %d: %s", kind, id, e.getMessage());
            }
        }, 1, 1, TimeUnit.SECONDS);
        return () -> future.cancel(false);
    }

    public void shutdown() {
        worker.shutdownNow();
        scheduler.shutdownNow();
    }

    /** Stops a job's progress reports. */
    public interface Reporting extends AutoCloseable {
        @Override
        void close();
    }
}
