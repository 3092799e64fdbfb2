package dev.recsys.ingestion.job;

import dev.recsys.ingestion.imdb.ImdbLoader;
import dev.recsys.ingestion.load.IngestionException;
import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.load.Loader;
import dev.recsys.ingestion.movielens.MovieLensLoader;
import dev.recsys.ingestion.plots.PlotsLoader;
import dev.recsys.ingestion.source.Downloader;
import dev.recsys.ingestion.source.SourceFiles;
import dev.recsys.ingestion.source.SourcePolicy;
import dev.recsys.ingestion.source.SourceResolver;
import dev.recsys.ingestion.text.TextEmbeddingPhase;
import dev.recsys.ingestion.tmdb.TmdbLoader;
import dev.recsys.platform.db.Transactions;
import dev.recsys.platform.job.CancellationToken;
import dev.recsys.platform.job.JobStatus;
import dev.recsys.platform.job.JobWork;
import dev.recsys.platform.job.ProgressMeter;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;

/**
 * One ingestion: resolve (download, unpack) its location, then load all its files in one database
 * transaction, which commits whole or, on any failure or cancel, leaves the catalog exactly as it
 * was. The last phase, in the same transaction, embeds the movie texts the load changed. A cancel
 * stops it in any phase: the row loops check the token on every buffer read, the embedding between
 * batches, and a statement running in the load's transaction (a COPY, the final merge, the key
 * rebuild) is aborted with a cancel request to PostgreSQL.
 */
final class IngestionJob implements JobWork {

    static final String CANCELLED_ERROR = "cancelled on request. Nothing from this ingestion was saved: the catalog is as it was.";
    /** Below this many rows a file's reject share says little: its rejects are listed, and it loads. */
    static final int MIN_ROWS_FOR_REJECT_SHARE = 100;

    private final IngestionRun run;
    private final IngestionRunRepository runs;
    private final AgroalDataSource dataSource;
    private final IngestionConfig config;
    private final TextEmbeddingPhase textEmbedding;
    private final IngestionReport report = new IngestionReport();
    /** Bytes downloaded, then bytes read, then texts embedded. */
    private final AtomicReference<ProgressMeter> meter = new AtomicReference<>(new ProgressMeter("bytes downloaded", 0));

    /** The services a run uses. */
    record Services(IngestionRunRepository runs, AgroalDataSource dataSource, IngestionConfig config,
                    TextEmbeddingPhase textEmbedding) {
    }

    IngestionJob(IngestionRun run, Services services) {
        this.run = run;
        runs = services.runs();
        dataSource = services.dataSource();
        config = services.config();
        textEmbedding = services.textEmbedding();
    }

    @Override
    public void run(CancellationToken cancellation) throws SQLException {
        long started = System.nanoTime();
        SourcePolicy policy = new SourcePolicy(config.allowedDirs(), config.allowedHosts().orElse(List.of()));
        Downloader downloader = new Downloader(new Downloader.Limits(config.maxDownloadBytes(),
                config.downloadConnectTimeout(), config.downloadIdleTimeout(), config.downloadDeadline()),
                config.downloadDir(), policy);
        SourceResolver resolver = new SourceResolver(downloader, policy, config.maxExpansionRatio());
        try (SourceFiles files = resolver.resolve(run.location(), (done, total) -> {
            ProgressMeter download = meter.get();
            download.setTotal(Math.max(total, 0));
            download.advance(done - download.snapshot().done());
        }, cancellation::isRequested)) {
            ProgressMeter reading = new ProgressMeter("bytes read", 0);
            meter.set(reading);
            load(files, reading, cancellation, bytes -> {
                cancellation.throwIfCancelled();
                reading.advance(bytes);
            });
        }
        runs.finish(run.id(), JobStatus.SUCCEEDED, meter.get().snapshot(), report, null);
        Log.infof("Ingestion %d of %s succeeded in %.1f s: %s", run.id(), run.location(),
                (System.nanoTime() - started) / 1e9, report.countsSnapshot());
    }

    @Override
    public boolean reportProgress() {
        return runs.reportProgress(run.id(), meter.get().snapshot(), report);
    }

    @Override
    public void finish(JobStatus status, String error) {
        runs.finish(run.id(), status, meter.get().snapshot(), report, error);
    }

    @Override
    public String cancelledError() {
        return CANCELLED_ERROR;
    }

    @Override
    public String failure(Throwable failure) {
        long id = run.id();
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
    private void load(SourceFiles files, ProgressMeter reading, CancellationToken cancellation, LongConsumer advance)
            throws SQLException {
        Loader loader = switch (run.source()) {
            case MOVIELENS -> MovieLensLoader.of(files, report, advance);
            case IMDB -> ImdbLoader.of(files, report, advance);
            case PLOTS -> PlotsLoader.of(files, report, advance);
            case TMDB -> TmdbLoader.of(files, report, advance);
        };
        reading.setTotal(files.totalSize(loader.fileNames()));
        runs.setRelease(run.id(), loader.description());
        Transactions.inTransaction(dataSource, connection -> {
            PGConnection postgres = connection.unwrap(PGConnection.class);
            cancellation.attachAbort(postgres::cancelQuery);
            try {
                loader.load(connection);
                checkRejectShare();
                if (loader.changesMovieTexts() && config.embedTexts()) {
                    textEmbedding.run(connection, report, meter::set, cancellation::throwIfCancelled);
                }
                cancellation.throwIfCancelled();   // the last moment a cancel can still keep everything out
            } finally {
                cancellation.detachAbort();   // a cancel from now on must not reach the commit or rollback
            }
            return null;
        });
    }

    /** Fails the load when a file's rejects exceed the allowed share (nothing is committed then). */
    private void checkRejectShare() {
        if (run.source() == Source.PLOTS) {
            return;   // a plots file may cover far more movies than the catalog (all of TMDB's): that is no wrong file
        }
        report.countsSnapshot().forEach((entity, counts) -> {
            long total = counts.read();
            if (total >= MIN_ROWS_FOR_REJECT_SHARE && counts.rejected() > config.maxRejectShare() * total) {
                throw new IngestionException(String.format(Locale.ROOT,
                        "%d of %d %s rows were rejected (%.0f %%), more than the %.0f %% allowed "
                                + "(recsys.ingestion.max-reject-share); the first rejects are listed",
                        counts.rejected(), total, entity, 100.0 * counts.rejected() / total, 100 * config.maxRejectShare()));
            }
        });
    }
}
