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
        Split.Kind kind = request.split().kind();
        float relevantAt = request.relevantRating().floatValue();
        // Fresh users sit out the evaluated fit (and every other protocol), as if they signed up after it.
        FreshUsers fresh = config.freshUserFraction() > 0
                ? FreshUsers.select(loaded.ratings(), config.freshUserFraction(), request.seed(), relevantAt) : null;
        Split fullSplit = Split.of(loaded.ratings(), kind, request.holdoutFraction(), request.seed());
        Split split = fresh == null ? fullSplit : fresh.without(fullSplit);
        if (split.test().length == 0 || split.train().length == 0) {
            throw new TrainingException("the " + request.split() + " split of " + loaded.snapshot().ratings()
                    + " ratings leaves nothing to " + (split.test().length == 0 ? "evaluate on" : "train on")
                    + ": load more ratings or raise holdoutFraction");
        }
        Evaluator evaluator = new Evaluator(loaded.ratings(), split, config.maxRankingUsers(), request.seed(), relevantAt);
        Baselines.Report baselines = Baselines.evaluate(loaded.ratings(), split, evaluator);
        ContentVocabulary vocabulary = ContentVocabulary.build(Arrays.asList(loaded.content()));
        ContentVocabulary.Encoded[] encoded = Arrays.stream(loaded.content()).map(vocabulary::encode)
                .toArray(ContentVocabulary.Encoded[]::new);
        RatingData ratings = loaded.ratings();
        long[] reported = {0};
        HybridTrainer.Listener progress = new HybridTrainer.Listener() {
            @Override
            public void onProgress(int epoch, long done, long total, double rate) {
                if (cancelled.get()) {
                    throw new TrainingCancelled();   // between batches: nothing half-written, nothing registered
                }
                if (done < reported[0]) {
                    reported[0] = 0;   // a new fit counts its samples from zero
                }
                meter.advance(done - reported[0]);
                reported[0] = done;
            }

            @Override
            public void onEpoch(int epoch, double trainLoss, double seconds, HybridModel trained) {
            }
        };
        // Samples of every fit, an upper bound that early stopping lowers: tuning (3 trials on a sample of at most
        // MAX_TUNING_RATINGS), then the evaluated fit, the cold-movie check (on a sample) and the refit on all ratings.
        boolean refit = ratings.size() <= config.refitMaxRatings();
        int trainSize = split.train().length;
        long tuningSamples = Math.min(trainSize, HybridTuner.MAX_TUNING_RATINGS);
        // Each fit trains HybridTrainer.membersFor(its ratings) rating heads (an ensemble on small data).
        int coldSize = Math.min(trainSize, ColdMovieEvaluation.MAX_RATINGS);
        long perEpochAfterTuning = (long) trainSize * HybridTrainer.membersFor(trainSize)
                + (long) coldSize * HybridTrainer.membersFor(coldSize)
                + (refit ? (long) ratings.size() * HybridTrainer.membersFor(ratings.size()) : 0);
        meter.setTotal((request.tune() ? 3 * tuningSamples * request.epochs() : 0) + perEpochAfterTuning * request.epochs());
        ModelParams params = request.modelParams();
        MetricsView.Tuning tuning = null;
        if (request.tune()) {
            long tuningStarted = System.nanoTime();
            HybridTuner.Result tuned = HybridTuner.tune(ratings, split.train(), vocabulary, encoded, params, kind, relevantAt,
                    config.tuningBudgetSeconds(), progress, trial -> Log.infof("Training run %d tuning: %s", id, trial));
            params = tuned.params().withEpochs(Math.min(request.epochs(), tuned.params().epochs()));
            tuning = new MetricsView.Tuning(new MetricsView.Chosen(round(params.regularization()), params.epochs(),
                    params.itemItemLambda(), round(params.likeWeight())), tuned.trials(),
                    round((System.nanoTime() - tuningStarted) / 1e9));
            meter.setTotal(meter.snapshot().done() + perEpochAfterTuning * params.epochs());
        }
        HybridModel model = HybridTrainer.train(ratings, split.train(), vocabulary, encoded, params,
                HybridTrainer.Listener.of(progress, (epoch, trainLoss, seconds, trained) -> {
                    double rmse = evaluator.errors(trained::predict).rmse();
                    epochs.add(new EpochRecord(epoch, round(trainLoss), round(rmse), round(seconds)));
                    Log.infof("Training run %d epoch %d: loss %.4f, validation RMSE %.4f, %.1f s", id, epoch,
                            trainLoss, rmse, seconds);
                    return false;
                }));
        try {
            Metrics metrics = evaluator.errors(model::predict).withRanking(evaluator.ranking(model::scores));
            MetricsView.ColdMovies cold = coldMovies(ratings, split, vocabulary, encoded, params, progress);
            MetricsView.Report report = new MetricsView.Report(MetricsView.of(metrics),
                    new MetricsView.Baselines(MetricsView.of(baselines.globalMean()), MetricsView.of(baselines.bias()),
                            MetricsView.of(baselines.popularity()), MetricsView.of(baselines.ease()),
                            MetricsView.of(baselines.itemKnn())),
                    new MetricsView.Evaluation(request.split().toString(), request.holdoutFraction(), request.seed(), relevantAt,
                            split.train().length, split.test().length, evaluator.rankedUserCount(),
                            refit ? ratings.size() : split.train().length, model.params().batchSize()),
                    tuning, cold, freshUsers(fresh, ratings, split, model));
            if (refit) {
                // The served version learns from every rating, with the settings evaluated above.
                model.close();
                int[] all = new int[ratings.size()];
                Arrays.setAll(all, r -> r);
                model = HybridTrainer.train(ratings, all, vocabulary, encoded, params, progress);
            } else {
                Log.infof("Training run %d serves the evaluated fit (%d ratings, above refit-max-ratings %d)", id,
                        split.train().length, config.refitMaxRatings());
            }
            byte[] artifact = ModelArtifact.write(model);
            String segments = segments(id, model, ratings, loaded.content());
            meter.setTotal(meter.snapshot().done());   // the total was an estimate (early stopping ends fits sooner)
            register(id, request, loaded.snapshot(), split, report, new ArrayList<>(epochs), artifact, segments, meter);
            Log.infof("Training run %d finished in %.1f s: %s", id, (System.nanoTime() - started) / 1e9, report.model());
        } finally {
            model.close();
        }
    }

    private MetricsView.ColdMovies coldMovies(RatingData ratings, Split split, ContentVocabulary vocabulary,
                                              ContentVocabulary.Encoded[] encoded, ModelParams params,
                                              HybridTrainer.Listener progress) {
        if (config.coldMovieFraction() <= 0) {
            return null;
        }
        ColdMovieEvaluation.Result cold = ColdMovieEvaluation.evaluate(ratings, split.train(), vocabulary, encoded, params,
                config.coldMovieFraction(), progress);
        return cold == null ? null : new MetricsView.ColdMovies(cold.movies(), cold.ratings(), round(cold.rmse()),
                round(cold.userMeanGenreRmse()), cold.moviesWithMean(), roundOrNull(cold.movieMeanRmse()),
                roundOrNull(cold.genreMeanRmse()), roundOrNull(cold.ndcgAt10()), roundOrNull(cold.genrePopularityNdcgAt10()));
    }

    /** The fresh-users protocol on the evaluated fit, or null when it is off or no fresh user has a later liked movie. */
    private MetricsView.FreshUsers freshUsers(FreshUsers fresh, RatingData ratings, Split split, HybridModel model) {
        if (fresh == null || fresh.evaluatedCount() == 0) {
            return null;
        }
        LiveRanking live = new LiveRanking(model);
        return new MetricsView.FreshUsers(config.freshUserFraction(), FreshUsers.GIVEN, fresh.evaluatedCount(),
                rankingView(fresh.ranking(live::scores)),
                rankingView(fresh.ranking((items, values, out) -> model.scores(live.foldIn(items, values), out))),
                rankingView(fresh.ranking(FreshUsers.mostPopular(ratings, split.train()))));
    }

    private static MetricsView rankingView(Metrics.RankingMetrics ranking) {
        return new MetricsView(null, null, round(ranking.ndcg()), round(ranking.recall()), round(ranking.hitRate()),
                round(ranking.coverage()), null);
    }

    private static Double roundOrNull(Double value) {
        return value == null ? null : round(value);
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

    private void register(long id, TrainingRequest request, CatalogDataset.Snapshot snapshot, Split split,
                          MetricsView.Report report, List<EpochRecord> curve, byte[] artifact, String segments,
                          ProgressMeter meter) throws SQLException {
        String registered = Transactions.inTransaction(dataSource, c -> {
            Optional<MetricsView.Report> active = registry.activeMetrics(c).map(this::readReport);
            ActivationPolicy.Decision decision = ActivationPolicy.decide(request.activate(), report, active);
            String snapshotJson = json.write(new DataSnapshot(snapshot.users(), snapshot.movies(), snapshot.ratings(),
                    split.train().length, split.test().length));
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
