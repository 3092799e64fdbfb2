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
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.concurrent.atomic.AtomicReference;

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
     * Asks an ingestion to stop. Its worker (on whichever replica) sees the request within a second,
     * rolls the load back and ends the run CANCELLED: the catalog stays as it was.
     */
    public IngestionRun cancel(long id) {
        IngestionRun run = runs.find(id).orElseThrow(() -> ProblemException.notFound("no ingestion with id " + id));
        if (!runs.requestCancel(id)) {
            throw ProblemException.conflict("ingestion " + id + " is already " + run.status() + "; only a queued or "
                    + "running ingestion can be cancelled");
        }
        return runs.find(id).orElseThrow();
    }

    /** The worker's view of a cancel request, refreshed by the once-a-second progress report. */
    private static final class Cancellation {
        private volatile boolean requested;

        void check() {
            if (requested) {
                throw new IngestionCancelled();
            }
        }
    }


    private void execute(IngestionRun run) {
        long id = run.id();
        runs.markRunning(id);
        IngestionReport report = new IngestionReport();
        Cancellation cancellation = new Cancellation();
        cancellation.requested = runs.cancelRequested(id);
        AtomicReference<ProgressMeter> meter = new AtomicReference<>(new ProgressMeter("bytes downloaded", 0));
        JobThreads.Reporting reporting = jobs.reportEverySecond(id, () -> {
            if (runs.reportProgress(id, meter.get().snapshot(), report)) {
                cancellation.requested = true;
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
                load(id, run.source(), files, report, reading, bytes -> {
                    cancellation.check();
                    reading.advance(bytes);
                });
            }
            status = JobStatus.SUCCEEDED;
            Log.infof("Ingestion %d of %s succeeded in %.1f s: %s", id, run.location(),
                    (System.nanoTime() - started) / 1e9, report.countsSnapshot());
        } catch (IngestionCancelled e) {
            status = JobStatus.CANCELLED;
            error = "cancelled on request. Nothing from this ingestion was saved: the catalog is as it was.";
            Log.infof("Ingestion %d cancelled", id);
        } catch (IngestionException e) {
            error = e.getMessage() + ". Nothing from this ingestion was saved: the catalog is as it was.";
            Log.warnf("Ingestion %d failed: %s", id, e.getMessage());
        } catch (SQLException e) {
            error = "the database refused the load (" + e.getMessage() + "). Nothing from this ingestion was saved.";
            Log.errorf(e, "Ingestion %d failed in the database", id);
        } catch (RuntimeException | Error e) {
            error = "unexpected failure: " + e.getMessage() + ". Nothing from this ingestion was saved.";
            Log.errorf(e, "Ingestion %d failed", id);
        } finally {
            reporting.close();
            runs.finish(id, status, meter.get().snapshot(), report, error);
        }
    }

    /** Loads in one transaction; {@code advance} counts bytes read and may throw to stop (and roll back) the load. */
    private void load(long id, Source source, SourceFiles files, IngestionReport report, ProgressMeter meter,
                      LongConsumer advance) throws SQLException {
        Loader loader = switch (source) {
            case MOVIELENS -> MovieLensLoader.of(files, report, advance);
            case IMDB -> ImdbLoader.of(files, report, advance);
        };
        meter.setTotal(files.totalSize(loader.fileNames()));
        runs.setRelease(id, loader.description());
        Transactions.inTransaction(dataSource, connection -> {
            loader.load(connection);
            checkRejectShare(report);
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
