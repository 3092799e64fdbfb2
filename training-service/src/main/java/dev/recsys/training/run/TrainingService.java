package dev.recsys.training.run;

import dev.recsys.platform.db.Transactions;
import dev.recsys.model.data.RatingData;
import dev.recsys.model.eval.Baselines;
import dev.recsys.model.eval.ColdMovieEvaluation;
import dev.recsys.model.eval.Evaluator;
import dev.recsys.model.eval.FreshUsers;
import dev.recsys.model.eval.Metrics;
import dev.recsys.model.eval.Split;
import dev.recsys.model.hybrid.ContentVocabulary;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.LiveRanking;
import dev.recsys.model.hybrid.HybridTrainer;
import dev.recsys.model.hybrid.HybridTuner;
import dev.recsys.model.pipeline.TrainingPipeline;
import dev.recsys.model.hybrid.ModelParams;
import dev.recsys.model.segments.SegmentProfiles;
import dev.recsys.model.segments.TasteSegments;
import dev.recsys.model.hybrid.ModelArtifact;
import dev.recsys.modelruntime.ModelVersionRepository;
import dev.recsys.platform.db.JsonColumns;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.job.JobStatus;
import dev.recsys.platform.job.ProgressMeter;
import dev.recsys.training.dataset.CatalogDataset;
import dev.recsys.platform.job.JobThreads;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs training jobs one at a time: load the catalog, split, fit the baselines, train the hybrid
 * model with live progress, evaluate it on the same split, then register the version (and activate
 * it per the request's policy) in one transaction. A failed or killed run registers nothing and
 * leaves the active version active.
 */
@ApplicationScoped
public class TrainingService {

    static {
        // DJL must never reach for the network (it probes cloud metadata otherwise).
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private final TrainingRunRepository runs;
    private final CatalogDataset dataset;
    private final AgroalDataSource dataSource;
    private final TrainingConfig config;
    private final JsonColumns json;
    private final ModelVersionRepository registry;
    private final JobThreads jobs = new JobThreads("training run");

    public TrainingService(TrainingRunRepository runs, CatalogDataset dataset, AgroalDataSource dataSource,
                           TrainingConfig config, JsonColumns json, ModelVersionRepository registry) {
        this.registry = registry;
        this.runs = runs;
        this.dataset = dataset;
        this.dataSource = dataSource;
        this.config = config;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        jobs.failOrphaned(runs::failOrphaned);
        jobs.sweepAbandoned(() -> runs.failAbandoned(config.heartbeatTimeoutSeconds()));
    }

    void onStop(@Observes ShutdownEvent event) {
        jobs.shutdown();
    }

    public TrainingRun start(TrainingRequest request) {
        TrainingRequest resolved = (request == null ? TrainingRequest.defaults() : request).resolved();
        TrainingRun run = runs.create(resolved);
        jobs.submit(() -> execute(run.id(), resolved));
        return run;
    }

    public Optional<TrainingRun> find(long id) {
        return runs.find(id);
    }

    public List<TrainingRun> latest(int limit) {
        return runs.latest(limit);
    }

    /**
     * Asks a training run to stop. Its worker (on whichever replica) sees it within a second, stops
     * between batches, registers nothing and ends the run CANCELLED; the active version stays.
     */
    public TrainingRun cancel(long id) {
        TrainingRun run = runs.find(id).orElseThrow(() -> ProblemException.notFound("no training run with id " + id));
        if (!runs.requestCancel(id)) {
            throw ProblemException.conflict("training run " + id + " is already " + run.status()
                    + "; only a queued or running training can be cancelled");
        }
        return runs.find(id).orElseThrow();
    }

    private void execute(long id, TrainingRequest request) {
        runs.markRunning(id);
        List<EpochRecord> epochs = new CopyOnWriteArrayList<>();
        ProgressMeter meter = new ProgressMeter("samples", 0);
        AtomicBoolean cancelled = new AtomicBoolean();
        JobThreads.Reporting reporting = jobs.reportEverySecond(id, () -> {
            if (runs.reportProgress(id, meter.snapshot(), new ArrayList<>(epochs))) {
                cancelled.set(true);
            }
        });
        try {
            train(id, request, meter, epochs, cancelled);
        } catch (TrainingCancelled e) {
            Log.infof("Training run %d cancelled", id);
            runs.end(id, JobStatus.CANCELLED, meter.snapshot(), new ArrayList<>(epochs), "cancelled on request. No model "
                    + "version was registered; the active version is unchanged.");
        } catch (TrainingException | HybridTrainer.DivergedException e) {
            fail(id, meter, epochs, e.getMessage());
        } catch (SQLException e) {
            Log.errorf(e, "Training run %d failed in the database", id);
            fail(id, meter, epochs, "database error: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            Log.errorf(e, "Training run %d failed", id);
            fail(id, meter, epochs, "unexpected failure: " + e.getMessage());
        } finally {
            reporting.close();
        }
    }

    private void train(long id, TrainingRequest request, ProgressMeter meter, List<EpochRecord> epochs,
                       AtomicBoolean cancelled) throws SQLException {
        long started = System.nanoTime();
        CatalogDataset.Loaded loaded = dataset.load();
        checkTrainable(loaded);
        TrainingPipeline.Settings settings = new TrainingPipeline.Settings(request.modelParams(), request.split().kind(),
                request.holdoutFraction(), request.seed(), request.relevantRating().floatValue(), request.tune(),
                config.tuningBudgetSeconds(), config.coldMovieFraction(), config.freshUserFraction(),
                config.maxRankingUsers(), config.refitMaxRatings());
        TrainingPipeline.Result result;
        try {
            result = TrainingPipeline.run(loaded.ratings(), loaded.content(), settings, listener(id, meter, epochs, cancelled));
        } catch (TrainingPipeline.NothingToTrainException e) {
            throw new TrainingException(e.getMessage());
        }
        HybridModel model = result.served();
        try {
            TrainingPipeline.Report report = result.report();
            byte[] artifact = ModelArtifact.write(model);
            String segments = segments(id, model, loaded.ratings(), loaded.content());
            meter.setTotal(meter.snapshot().done());   // the total was an estimate (early stopping ends fits sooner)
            MetricsView.Report view = MetricsView.of(report, request);
            register(id, request, loaded.snapshot(), report, view, new ArrayList<>(epochs), artifact, segments, meter);
            Log.infof("Training run %d finished in %.1f s (%s): %s", id, (System.nanoTime() - started) / 1e9,
                    report.phaseSeconds(), view.model());
        } finally {
            model.close();
        }
    }

    /** Progress into the run's meter and curve; a cancel request stops the run between batches. */
    private static TrainingPipeline.Listener listener(long id, ProgressMeter meter, List<EpochRecord> epochs,
                                                      AtomicBoolean cancelled) {
        return new TrainingPipeline.Listener() {
            private long reported;

            @Override
            public void onProgress(int epoch, long done, long total, double rate) {
                if (cancelled.get()) {
                    throw new TrainingCancelled();   // between batches: nothing half-written, nothing registered
                }
                if (done < reported) {
                    reported = 0;   // a new fit counts its samples from zero
                }
                meter.advance(done - reported);
                reported = done;
            }

            @Override
            public void onRemainingSamples(long samples) {
                meter.setTotal(meter.snapshot().done() + samples);
            }

            @Override
            public void onTrial(HybridTuner.Trial trial) {
                Log.infof("Training run %d tuning: %s", id, trial);
            }

            @Override
            public void onEvaluatedEpoch(int epoch, double trainLoss, double validationRmse, double seconds) {
                epochs.add(new EpochRecord(epoch, round(trainLoss), round(validationRmse), round(seconds)));
                Log.infof("Training run %d epoch %d: loss %.4f, validation RMSE %.4f, %.1f s", id, epoch, trainLoss,
                        validationRmse, seconds);
            }

            @Override
            public void onPhase(String phase, double seconds) {
                Log.infof("Training run %d: %s took %.1f s", id, phase, seconds);
            }
        };
    }

    /** What a version stores of its taste segments. */
    record SegmentsView(int k, double silhouette, List<SegmentProfiles.Profile> segments) {
    }

    /** The served model's taste segments as JSON, or null when there are too few users to form them. */
    private String segments(long id, HybridModel served, RatingData ratings, dev.recsys.model.hybrid.ItemContent[] content) {
        if (served.userCount() < 3) {
            return null;
        }
        long started = System.nanoTime();
        TasteSegments segments = TasteSegments.fit(served.userVectors(), served.userCount(), served.dimension(),
                config.segments().orElse(null), 7);
        List<SegmentProfiles.Profile> profiles = SegmentProfiles.describe(segments, ratings,
                u -> served.userIndex(ratings.userId(u)), content);
        Log.infof("Training run %d: %d taste segments (silhouette %.3f) in %.1f s", id, segments.k(),
                segments.silhouette(), (System.nanoTime() - started) / 1e9);
        return json.write(new SegmentsView(segments.k(), round(segments.silhouette()), profiles));
    }

    private void register(long id, TrainingRequest request, CatalogDataset.Snapshot snapshot, TrainingPipeline.Report measured,
                          MetricsView.Report report, List<EpochRecord> curve, byte[] artifact, String segments,
                          ProgressMeter meter) throws SQLException {
        String registered = Transactions.inTransaction(dataSource, c -> {
            Optional<MetricsView.Report> active = registry.activeMetrics(c).map(this::readReport);
            ActivationPolicy.Decision decision = ActivationPolicy.decide(request.activate(), report, active);
            String snapshotJson = json.write(new DataSnapshot(snapshot.users(), snapshot.movies(), snapshot.ratings(),
                    measured.trainRatings(), measured.testRatings()));
            long version = registry.register(c, new ModelVersionRepository.VersionRecord(id, json.write(request),
                    json.write(report), snapshotJson, json.write(curve), segments), artifact);
            if (decision.activate()) {
                registry.activate(c, version);
            }
            runs.succeed(c, id, meter.snapshot(), curve, report, version, decision.activate());
            return "model version " + version + " (" + decision.reason() + ")";
        });
        Log.infof("Registered %s", registered);
    }

    /** Sizes of the data behind a version. */
    public record DataSnapshot(int users, int movies, long ratings, int trainRatings, int testRatings) {
    }

    private static void checkTrainable(CatalogDataset.Loaded loaded) {
        CatalogDataset.Snapshot s = loaded.snapshot();
        if (s.ratings() == 0) {
            throw new TrainingException("the catalog has no ratings yet: load a MovieLens release first (POST /api/v1/ingestions "
                    + "on ingestion-service)");
        }
        if (s.users() < 2) {
            throw new TrainingException("the catalog has ratings from only " + s.users() + " user; training and evaluation "
                    + "need at least 2 users");
        }
    }

    private MetricsView.Report readReport(String value) {
        try {
            return json.read(value, MetricsView.Report.class);
        } catch (RuntimeException e) {
            Log.warnf("Metrics of the active version are unreadable (%s); comparing with the baselines only", e.getMessage());
            return null;
        }
    }

    private void fail(long id, ProgressMeter meter, List<EpochRecord> epochs, String error) {
        Log.warnf("Training run %d failed: %s", id, error);
        runs.end(id, JobStatus.FAILED, meter.snapshot(), new ArrayList<>(epochs), error + ". No model version was "
                + "registered; the active version is unchanged.");
    }

    /** Thrown from a progress report once the run was asked to stop. */
    static final class TrainingCancelled extends RuntimeException {
        TrainingCancelled() {
            super("cancelled on request");
        }
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }

    /** A run cannot go on; the message is shown as the run's error. */
    static final class TrainingException extends RuntimeException {
        TrainingException(String message) {
            super(message);
        }
    }
}
