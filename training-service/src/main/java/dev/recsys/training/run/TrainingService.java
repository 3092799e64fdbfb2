package dev.recsys.training.run;

import dev.recsys.modelruntime.ModelVersionRepository;
import dev.recsys.modelruntime.publicrating.PublicRatingRepository;
import dev.recsys.platform.db.JsonColumns;
import dev.recsys.platform.job.JobLifecycle;
import dev.recsys.training.dataset.CatalogDataset;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Starts training runs ({@link TrainingJob}) and runs them one at a time through the life cycle
 * every job kind shares ({@link JobLifecycle}), which also finds, lists and cancels them.
 */
@ApplicationScoped
public class TrainingService {

    static {
        // DJL must never reach for the network (it probes cloud metadata otherwise).
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private final TrainingRunRepository runs;
    private final TrainingConfig config;
    private final TrainingJob.Services services;
    private final JobLifecycle<TrainingRun> lifecycle;

    public TrainingService(TrainingRunRepository runs, CatalogDataset dataset, AgroalDataSource dataSource,
                           TrainingConfig config, JsonColumns json, ModelVersionRepository registry,
                           PublicRatingRepository publicRatings) {
        this.runs = runs;
        this.config = config;
        this.services = new TrainingJob.Services(runs, dataset, dataSource, config, json, registry, publicRatings);
        this.lifecycle = new JobLifecycle<>("training run", "training", runs.table());
    }

    void onStart(@Observes StartupEvent event) {
        lifecycle.recover(runs::failOrphaned, () -> runs.failAbandoned(config.heartbeatTimeoutSeconds()));
    }

    void onStop(@Observes ShutdownEvent event) {
        lifecycle.shutdown();
    }

    /** Records a QUEUED run (409 when another is active) and queues it; an absent request takes every default. */
    public TrainingRun start(TrainingRequest request) {
        TrainingRequest resolved = (request == null ? TrainingRequest.defaults() : request).resolved();
        TrainingRun run = runs.create(resolved);
        return lifecycle.start(run, new TrainingJob(run.id(), resolved, services));
    }

    /**
     * Finds, lists and cancels runs. A cancelled run's worker (on whichever replica) sees the request
     * within a second, stops between batches, registers nothing and ends CANCELLED; the active version stays.
     */
    public JobLifecycle<TrainingRun> lifecycle() {
        return lifecycle;
    }
}
