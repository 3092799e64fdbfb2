package dev.recsys.training.run;

import dev.recsys.model.data.RatingData;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.HybridTrainer;
import dev.recsys.model.hybrid.HybridTuner;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.ModelArtifact;
import dev.recsys.model.pipeline.TrainingPipeline;
import dev.recsys.model.segments.SegmentProfiles;
import dev.recsys.model.segments.TasteSegments;
import dev.recsys.model.publicrating.PublicRatingRun;
import dev.recsys.model.publicrating.XgboostTrees;
import dev.recsys.modelruntime.ModelVersionRepository;
import dev.recsys.modelruntime.publicrating.PublicRatingRepository;
import dev.recsys.platform.db.JsonColumns;
import dev.recsys.platform.db.Transactions;
import dev.recsys.platform.job.CancellationToken;
import dev.recsys.platform.job.JobStatus;
import dev.recsys.platform.job.JobWork;
import dev.recsys.platform.job.ProgressMeter;
import dev.recsys.training.dataset.CatalogDataset;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One training run: load the catalog, split, fit the baselines, train the hybrid model with live
 * progress, evaluate it on the same split, then register the version (and activate it per the
 * request's policy) in one transaction with the run's SUCCEEDED. A failed or cancelled run
 * registers nothing and leaves the active version active.
 */
final class TrainingJob implements JobWork {

    private static final String NOTHING_REGISTERED = "No model version was registered; the active version is unchanged.";

    /** The services a run uses. */
    record Services(TrainingRunRepository runs, CatalogDataset dataset, AgroalDataSource dataSource,
                    TrainingConfig config, JsonColumns json, ModelVersionRepository registry,
                    PublicRatingRepository publicRatings) {
    }

    private final long id;
    private final TrainingRequest request;
    private final Services services;
    private final List<EpochRecord> epochs = new CopyOnWriteArrayList<>();
    private final ProgressMeter meter = new ProgressMeter("samples", 0);

    TrainingJob(long id, TrainingRequest request, Services services) {
        this.id = id;
        this.request = request;
        this.services = services;
    }

    @Override
    public void run(CancellationToken cancellation) throws SQLException {
        long started = System.nanoTime();
        CatalogDataset.Loaded loaded = services.dataset().load();
        checkTrainable(loaded);
        TrainingConfig config = services.config();
        TrainingPipeline.Settings settings = new TrainingPipeline.Settings(request.modelParams(), request.split().kind(),
                request.holdoutFraction(), request.seed(), request.relevantRating().floatValue(), request.tune(),
                config.tuningBudgetSeconds(), config.coldMovieFraction(), config.freshUserFraction(),
                config.maxRankingUsers(), config.refitMaxRatings());
        TrainingPipeline.Result result;
        try {
            result = TrainingPipeline.run(loaded.ratings(), loaded.content(), loaded.releasedOnly(), settings,
                    listener(cancellation), new XgboostTrees(request.seed()));
        } catch (TrainingPipeline.NothingToTrainException e) {
            throw new TrainingException(e.getMessage());
        }
        HybridModel model = result.served();
        try {
            TrainingPipeline.Report report = result.report();
            byte[] artifact = ModelArtifact.write(model);
            String segments = segments(model, loaded.ratings(), loaded.content());
            meter.setTotal(meter.snapshot().done());   // the total was an estimate (early stopping ends fits sooner)
            MetricsView.Report view = MetricsView.of(report, request, result.publicRating());
            register(loaded.snapshot(), report, view, new ArrayList<>(epochs), artifact, segments, result.publicRating(),
                    PublicRatingPredictions.forMoviesWithout(result.publicRating(), loaded));
            Log.infof("Training run %d finished in %.1f s (%s): %s", id, (System.nanoTime() - started) / 1e9,
                    report.phaseSeconds(), view.model());
        } finally {
            model.close();
        }
    }

    @Override
    public boolean reportProgress() {
        return services.runs().reportProgress(id, meter.snapshot(), new ArrayList<>(epochs));
    }

    @Override
    public void finish(JobStatus status, String error) {
        services.runs().finish(id, status, meter.snapshot(), new ArrayList<>(epochs), error);
    }

    @Override
    public String cancelledError() {
        return "cancelled on request. " + NOTHING_REGISTERED;
    }

    @Override
    public String failure(Throwable failure) {
        String error;
        if (failure instanceof TrainingException || failure instanceof HybridTrainer.DivergedException) {
            error = failure.getMessage();
        } else if (failure instanceof SQLException) {
            Log.errorf(failure, "Training run %d failed in the database", id);
            error = "database error: " + failure.getMessage();
        } else {
            Log.errorf(failure, "Training run %d failed", id);
            error = "unexpected failure: " + failure.getMessage();
        }
        Log.warnf("Training run %d failed: %s", id, error);
        return error + ". " + NOTHING_REGISTERED;
    }

    /** Progress into the run's meter and curve; a cancel request stops the run between batches. */
    private TrainingPipeline.Listener listener(CancellationToken cancellation) {
        return new TrainingPipeline.Listener() {
            private long reported;

            @Override
            public void onProgress(int epoch, long done, long total, double rate) {
                cancellation.throwIfCancelled();   // between batches: nothing half-written, nothing registered
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
    private String segments(HybridModel served, RatingData ratings, ItemContent[] content) {
        if (served.userCount() < 3) {
            return null;
        }
        long started = System.nanoTime();
        TasteSegments segments = TasteSegments.fit(served.userVectors(), served.userCount(), served.dimension(),
                services.config().segments().orElse(null), 7);
        List<SegmentProfiles.Profile> profiles = SegmentProfiles.describe(segments, ratings,
                u -> served.userIndex(ratings.userId(u)), content);
        Log.infof("Training run %d: %d taste segments (silhouette %.3f) in %.1f s", id, segments.k(),
                segments.silhouette(), (System.nanoTime() - started) / 1e9);
        return services.json().write(new SegmentsView(segments.k(), round(segments.silhouette()), profiles));
    }

    private void register(CatalogDataset.Snapshot snapshot, TrainingPipeline.Report measured, MetricsView.Report report,
                          List<EpochRecord> curve, byte[] artifact, String segments, PublicRatingRun publicRating,
                          List<PublicRatingRepository.MoviePrediction> publicPredictions) throws SQLException {
        JsonColumns json = services.json();
        ModelVersionRepository registry = services.registry();
        String registered = Transactions.inTransaction(services.dataSource(), c -> {
            Optional<MetricsView.Report> active = registry.activeMetrics(c).map(this::readReport);
            ActivationPolicy.Decision decision = ActivationPolicy.decide(request.activate(), report, active);
            String snapshotJson = json.write(new DataSnapshot(snapshot.users(), snapshot.movies(), snapshot.ratings(),
                    measured.trainRatings(), measured.testRatings()));
            long version = registry.register(c, new ModelVersionRepository.VersionRecord(id, json.write(request),
                    json.write(report), snapshotJson, json.write(curve), segments), artifact);
            services.publicRatings().store(c, version, publicRating.model(), publicRating.absentReason(), publicPredictions);
            if (publicRating.evaluation() != null) {
                services.publicRatings().storeHeldOut(c, version, publicRating.evaluation().heldOut());
            }
            if (decision.activate()) {
                registry.activate(c, version);
            }
            services.runs().succeed(c, id, meter.snapshot(), curve, report, version, decision.activate());
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
            return services.json().read(value, MetricsView.Report.class);
        } catch (RuntimeException e) {
            Log.warnf("Metrics of the active version are unreadable (%s); comparing with the baselines only", e.getMessage());
            return null;
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
