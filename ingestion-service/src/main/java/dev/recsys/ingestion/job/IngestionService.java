package dev.recsys.ingestion.job;

import dev.recsys.platform.db.Transactions;
import dev.recsys.ingestion.imdb.ImdbLoader;
import dev.recsys.ingestion.load.IngestionCancelled;
import dev.recsys.ingestion.load.IngestionException;
import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.load.Loader;
import dev.recsys.ingestion.movielens.MovieLensLoader;
import dev.recsys.ingestion.source.Downloader;
import dev.recsys.ingestion.source.SourceFiles;
import dev.recsys.ingestion.source.SourcePolicy;
import dev.recsys.ingestion.source.SourceResolver;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.job.JobStatus;
import dev.recsys.platform.job.ProgressMeter;
import dev.recsys.platform.job.JobThreads;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;

/**
 * Starts ingestion jobs and runs them, one at a time, on a worker thread. Each job loads all its
 * files in one database transaction: it commits whole or, on any failure, leaves the catalog
 * exactly as it was.
 */
@ApplicationScoped
public class IngestionService {

    private final IngestionRunRepository runs;
    private final AgroalDataSource dataSource;
    private final IngestionConfig config;
    private final JobThreads jobs = new JobThreads("ingestion");
    /** The runs this process is executing, by id: a cancel request reaching this process stops its run at once. */
    private final Map<Long, Cancellation> active = new ConcurrentHashMap<>();

    public IngestionService(IngestionRunRepository runs, AgroalDataSource dataSource, IngestionConfig config) {
        this.runs = runs;
        this.dataSource = dataSource;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        // Runs this worker's previous process left are failed now; those of other processes that died,
        // once their heartbeat is stale.
        jobs.failOrphaned(runs::failOrphaned);
        jobs.sweepAbandoned(() -> runs.failAbandoned(config.heartbeatTimeoutSeconds()));
        int deleted = Downloader.deleteLeftovers(config.downloadDir());
        if (deleted > 0) {
            Log.infof("Deleted %d partial downloads left in %s by a previous process", deleted, config.downloadDir());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        jobs.shutdown();
    }

    public IngestionRun start(IngestionRequest request) {
        IngestionRun run = runs.create(request.source(), request.location().strip());
        jobs.submit(() -> execute(run));
        return run;
    }

    public Optional<IngestionRun> find(long id) {
        return runs.find(id);
    }

    public List<IngestionRun> latest(int limit) {
        return runs.latest(limit);
    }

    /**
     * Asks an ingestion to stop. Its worker stops at once when it runs in this process (within a
     * second, at its next progress report, on another replica) in any phase: reading, COPY, the final
     * merge or key rebuild. It rolls the load back and ends the run CANCELLED: the catalog stays as it was.
     */
    public IngestionRun cancel(long id) {
        IngestionRun run = runs.find(id).orElseThrow(() -> ProblemException.notFound("no ingestion with id " + id));
        if (!runs.requestCancel(id)) {
            throw ProblemException.conflict("ingestion " + id + " is already " + run.status() + "; only a queued or "
                    + "running ingestion can be cancelled");
        }
        Cancellation local = active.get(id);
        if (local != null) {
            local.request();   // this process runs it: stop now, not at the next progress report
        }
        return runs.find(id).orElseThrow();
    }

    /**
     * The worker's view of a cancel request: set at once when the request reaches this process, and
     * by the once-a-second progress report when it reached another replica. The row loops check it on
     * every buffer read; a statement running in the load's transaction (a COPY, the final merge, the
     * key rebuild) is aborted with a cancel request to PostgreSQL, sent again on every report until
     * the worker has stopped, so one that arrived between two statements is not lost.
     */
    static final class Cancellation {
        private volatile boolean requested;
        /** The load's connection while its transaction runs; guarded by this. */
        private PGConnection connection;

        void check() {
            if (requested) {
                throw new IngestionCancelled();
            }
        }

        boolean requested() {
            return requested;
        }

        synchronized void request() {
            requested = true;
            if (connection != null) {
                try {
                    connection.cancelQuery();
                } catch (SQLException e) {
                    Log.debugf("Could not abort the ingestion's running statement: %s", e.getMessage());
                }
            }
        }

        synchronized void attach(Connection c) throws SQLException {
            connection = c.unwrap(PGConnection.class);
            check();
        }

        /** Before the commit or rollback: a cancel from now on must not reach whatever the connection runs next. */
        synchronized void detach() {
            connection = null;
        }
    }

    static final String CANCELLED_ERROR = "cancelled on request. Nothing from this ingestion was saved: the catalog is as it was.";

    private void execute(IngestionRun run) {
        long id = run.id();
        runs.markRunning(id);
        IngestionReport report = new IngestionReport();
        Cancellation cancellation = new Cancellation();
        active.put(id, cancellation);
        if (runs.cancelRequested(id)) {
            cancellation.request();
        }
        AtomicReference<ProgressMeter> meter = new AtomicReference<>(new ProgressMeter("bytes downloaded", 0));
        JobThreads.Reporting reporting = jobs.reportEverySecond(id, () -> {
            if (runs.reportProgress(id, meter.get().snapshot(), report)) {
                cancellation.request();
            }
        });
        long started = System.nanoTime();
        JobStatus status = JobStatus.FAILED;
        String error = null;
        try {
            cancellation.check();
            SourcePolicy policy = new SourcePolicy(config.allowedDirs(), config.allowedHosts().orElse(List.of()));
            Downloader downloader = new Downloader(new Downloader.Limits(config.maxDownloadBytes(),
                    config.downloadConnectTimeout(), config.downloadIdleTimeout(), config.downloadDeadline()),
                    config.downloadDir(), policy);
            SourceResolver resolver = new SourceResolver(downloader, policy, config.maxExpansionRatio());
            try (SourceFiles files = resolver.resolve(run.location(), (done, total) -> {
                ProgressMeter download = meter.get();
                download.setTotal(Math.max(total, 0));
                download.advance(done - download.snapshot().done());
            }, () -> cancellation.requested)) {
                ProgressMeter reading = new ProgressMeter("bytes read", 0);
                meter.set(reading);
                load(id, run.source(), files, report, reading, cancellation, bytes -> {
                    cancellation.check();
                    reading.advance(bytes);
                });
            }
            status = JobStatus.SUCCEEDED;
            Log.infof("Ingestion %d of %s succeeded in %.1f s: %s", id, run.location(),
                    (System.nanoTime() - started) / 1e9, report.countsSnapshot());
        } catch (IngestionCancelled e) {
            status = JobStatus.CANCELLED;
            error = CANCELLED_ERROR;
            Log.infof("Ingestion %d cancelled after %.1f s", id, (System.nanoTime() - started) / 1e9);
        } catch (SQLException | RuntimeException e) {
            if (cancellation.requested()) {
                // An aborted statement (COPY, merge, key rebuild) fails the way a cancel is meant to.
                status = JobStatus.CANCELLED;
                error = CANCELLED_ERROR;
                Log.infof("Ingestion %d cancelled after %.1f s (%s)", id, (System.nanoTime() - started) / 1e9,
                        e.getMessage());
            } else {
                error = failure(id, e);
            }
        } catch (Error e) {
            error = "unexpected failure: " + e.getMessage() + ". Nothing from this ingestion was saved.";
            Log.errorf(e, "Ingestion %d failed", id);
        } finally {
            active.remove(id);
            reporting.close();
            runs.finish(id, status, meter.get().snapshot(), report, error);
        }
    }

    /** The error a failed run records (and logs). */
    private static String failure(long id, Exception failure) {
        if (failure instanceof IngestionException e) {
            Log.warnf("Ingestion %d failed: %s", id, e.getMessage());
            return e.getMessage() + ". Nothing from this ingestion was saved: the catalog is as it was.";
        }
        if (failure instanceof SQLException e) {
            Log.errorf(e, "Ingestion %d failed in the database", id);
            return "the database refused the load (" + e.getMessage() + "). Nothing from this ingestion was saved.";
        }
        Log.errorf(failure, "Ingestion %d failed", id);
        return "unexpected failure: " + failure.getMessage() + ". Nothing from this ingestion was saved.";
    }

    /** Loads in one transaction; {@code advance} counts bytes read and may throw to stop (and roll back) the load. */
    private void load(long id, Source source, SourceFiles files, IngestionReport report, ProgressMeter meter,
                      Cancellation cancellation, LongConsumer advance) throws SQLException {
        Loader loader = switch (source) {
            case MOVIELENS -> MovieLensLoader.of(files, report, advance);
            case IMDB -> ImdbLoader.of(files, report, advance);
        };
        meter.setTotal(files.totalSize(loader.fileNames()));
        runs.setRelease(id, loader.description());
        Transactions.inTransaction(dataSource, connection -> {
            cancellation.attach(connection);
            try {
                loader.load(connection);
                checkRejectShare(report);
                cancellation.check();   // the last moment a cancel can still keep everything out
            } finally {
                cancellation.detach();
            }
            return null;
        });
    }

    /** Below this many rows a file's reject share says little: its rejects are listed, and it loads. */
    static final int MIN_ROWS_FOR_REJECT_SHARE = 100;

    /** Fails the load when a file's rejects exceed the allowed share (nothing is committed then). */
    private void checkRejectShare(IngestionReport report) {
        report.countsSnapshot().forEach((entity, counts) -> {
            long total = counts.read();
            if (total >= MIN_ROWS_FOR_REJECT_SHARE && counts.rejected() > config.maxRejectShare() * total) {
                throw new IngestionException(String.format(java.util.Locale.ROOT,
                        "%d of %d %s rows were rejected (%.0f %%), more than the %.0f %% allowed "
                                + "(recsys.ingestion.max-reject-share); the first rejects are listed",
                        counts.rejected(), total, entity, 100.0 * counts.rejected() / total, 100 * config.maxRejectShare()));
            }
        });
    }
}
