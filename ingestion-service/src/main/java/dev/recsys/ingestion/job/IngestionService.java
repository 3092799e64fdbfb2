package dev.recsys.ingestion.job;

import dev.recsys.ingestion.source.Downloader;
import dev.recsys.ingestion.text.TextEmbeddingPhase;
import dev.recsys.platform.job.JobLifecycle;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Starts ingestion jobs and runs them ({@link IngestionJob}), one at a time, on a worker thread,
 * through the life cycle every job kind shares ({@link JobLifecycle}).
 */
@ApplicationScoped
public class IngestionService {

    private final IngestionRunRepository runs;
    private final IngestionConfig config;
    private final IngestionJob.Services services;
    private final JobLifecycle<IngestionRun> lifecycle;

    public IngestionService(IngestionRunRepository runs, AgroalDataSource dataSource, IngestionConfig config,
                            TextEmbeddingPhase textEmbedding) {
        this.runs = runs;
        this.config = config;
        this.services = new IngestionJob.Services(runs, dataSource, config, textEmbedding);
        this.lifecycle = new JobLifecycle<>("ingestion", "ingestion", runs.table());
    }

    void onStart(@Observes StartupEvent event) {
        lifecycle.recover(runs::failOrphaned, () -> runs.failAbandoned(config.heartbeatTimeoutSeconds()));
        int deleted = Downloader.deleteLeftovers(config.downloadDir());
        if (deleted > 0) {
            Log.infof("Deleted %d partial downloads left in %s by a previous process", deleted, config.downloadDir());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        lifecycle.shutdown();
    }

    public IngestionRun start(IngestionRequest request) {
        IngestionRun run = runs.create(request.source(), request.location().strip());
        return lifecycle.start(run, new IngestionJob(run, services));
    }

    /**
     * Finds, lists and cancels ingestions. A cancelled ingestion stops at once when it runs in this
     * process (within a second, at its next progress report, on another replica) in any phase:
     * reading, COPY, the final merge or key rebuild. It rolls the load back and ends CANCELLED: the
     * catalog stays as it was.
     */
    public JobLifecycle<IngestionRun> lifecycle() {
        return lifecycle;
    }
}
