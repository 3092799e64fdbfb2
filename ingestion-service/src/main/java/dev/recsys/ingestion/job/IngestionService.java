package dev.recsys.ingestion.job;

import dev.recsys.ingestion.imdb.ImdbLoader;
import dev.recsys.ingestion.load.IngestionException;
import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.movielens.MovieLensLayout;
import dev.recsys.ingestion.movielens.MovieLensLoader;
import dev.recsys.ingestion.source.Downloader;
import dev.recsys.ingestion.source.SourceFiles;
import dev.recsys.ingestion.source.SourceResolver;
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
import java.util.Optional;
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
        // Runs left RUNNING by a process that died are failed once their heartbeat is stale.
        jobs.sweepAbandoned(() -> runs.failAbandoned(config.heartbeatTimeoutSeconds()));
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

    private void execute(IngestionRun run) {
        long id = run.id();
        runs.markRunning(id);
        IngestionReport report = new IngestionReport();
        AtomicReference<ProgressMeter> meter = new AtomicReference<>(new ProgressMeter("bytes downloaded", 0));
        JobThreads.Reporting reporting = jobs.reportEverySecond(id,
                () -> runs.reportProgress(id, meter.get().snapshot(), report));
        long started = System.nanoTime();
        JobStatus status = JobStatus.FAILED;
        String error = null;
        try {
            SourceResolver resolver = new SourceResolver(new Downloader(config.maxDownloadBytes(), config.downloadDir()));
            try (SourceFiles files = resolver.resolve(run.location(), (done, total) -> {
                ProgressMeter download = meter.get();
                download.setTotal(Math.max(total, 0));
                download.advance(done - download.snapshot().done());
            })) {
                ProgressMeter reading = new ProgressMeter("bytes read", 0);
                meter.set(reading);
                load(id, run.source(), files, report, reading);
            }
            status = JobStatus.SUCCEEDED;
            Log.infof("Ingestion %d of %s succeeded in %.1f s: %s", id, run.location(),
                    (System.nanoTime() - started) / 1e9, report.countsSnapshot());
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

    private void load(long id, String source, SourceFiles files, IngestionReport report, ProgressMeter meter)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (source.equals("imdb")) {
                    if (!ImdbLoader.recognises(files)) {
                        throw new IngestionException("no IMDb dump in " + files.location() + ": expected one or more of "
                                + String.join(", ", ImdbLoader.FILES) + " (each may be .gz); found: " + found(files));
                    }
                    meter.setTotal(files.totalSize(ImdbLoader.FILES));
                    runs.setRelease(id, "IMDb dumps (" + String.join(", ", files.names().stream()
                            .filter(ImdbLoader.FILES::contains).toList()) + ")");
                    new ImdbLoader(files, report, meter::advance).load(connection);
                } else {
                    MovieLensLayout layout = MovieLensLayout.detect(files).orElseThrow(() -> new IngestionException(
                            files.location() + " is no known MovieLens release: expected "
                                    + MovieLensLayout.expectedFiles() + "; found: " + found(files)));
                    meter.setTotal(files.totalSize(layout.fileNames()));
                    runs.setRelease(id, layout.description());
                    new MovieLensLoader(layout, files, report, meter::advance).load(connection);
                }
                connection.commit();
            } catch (SQLException | RuntimeException | Error e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static String found(SourceFiles files) {
        return files.names().isEmpty() ? "no files" : String.join(", ", files.names());
    }
}
