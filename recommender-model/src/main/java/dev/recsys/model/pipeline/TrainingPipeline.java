package dev.recsys.model.pipeline;

import dev.recsys.model.data.RatingData;
import dev.recsys.model.eval.Baselines;
import dev.recsys.model.eval.ColdMovieEvaluation;
import dev.recsys.model.eval.Evaluator;
import dev.recsys.model.eval.FreshUsers;
import dev.recsys.model.eval.Metrics;
import dev.recsys.model.eval.Split;
import dev.recsys.model.hybrid.ContentVocabulary;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.HybridTrainer;
import dev.recsys.model.hybrid.HybridTuner;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.LiveRanking;
import dev.recsys.model.hybrid.ModelParams;
import dev.recsys.model.publicrating.PublicRatingEvaluation;
import dev.recsys.model.publicrating.PublicRatingRun;
import dev.recsys.model.publicrating.ReleasedOnly;
import dev.recsys.model.rerank.GenreOverlap;
import dev.recsys.model.rerank.ListReranker;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One whole training run, data in, evaluated and served model out (docs/architecture.md): split,
 * baselines, tuning, the evaluated fit with its validation curve, every evaluation protocol (held-out
 * ratings, ranking, cold movies, fresh users), then the refit on every rating that is served. The
 * one place these steps are put together: training-service and the accuracy bench both call it.
 * The listener hears progress, may stop the run by throwing from it, and is told each phase's time.
 */
public final class TrainingPipeline {

    /** What a run is asked to do; {@link #params} are the starting point that tuning refines. */
    public record Settings(ModelParams params, Split.Kind split, double holdoutFraction, long seed, float relevantAt,
                           boolean tune, double tuningBudgetSeconds, double coldMovieFraction, double freshUserFraction,
                           int maxRankingUsers, int refitMaxRatings) {
    }

    /** Hears a run: HybridTrainer's progress for every fit, plus what only the pipeline knows. */
    public interface Listener extends HybridTrainer.Listener {

        /**
         * An estimate of the samples the run's fits will still train on from now (early stopping ends
         * fits sooner): told at the start, and again once tuning has chosen the epochs.
         */
        default void onRemainingSamples(long samples) {
        }

        default void onTrial(HybridTuner.Trial trial) {
        }

        /** After each epoch of the evaluated fit, with the RMSE on the held-out ratings. */
        default void onEvaluatedEpoch(int epoch, double trainLoss, double validationRmse, double seconds) {
        }

        /** A phase ended ("tuning", "evaluated fit", "evaluation", "cold movies", "fresh users", "refit"). */
        default void onPhase(String phase, double seconds) {
        }

        @Override
        default void onEpoch(int epoch, double trainLoss, double seconds, HybridModel model) {
        }
    }

    /** The fresh-users protocol's figures (null in a report where it was off or had no user to score). */
    public record FreshUsersReport(double fraction, int given, int users, Metrics.RankingMetrics live,
                                   Metrics.RankingMetrics foldIn, Metrics.RankingMetrics popularity) {
    }

    /**
     * Everything measured: the evaluated fit's metrics and its baselines' on the same split, its settings
     * (the tuning trials, or null without tuning), the cold-movie and fresh-user checks
     * (null when off), the accuracy and make-up of re-ranked lists at {@link #TRADE_OFF_SETTINGS}, the
     * sizes, and seconds per phase in run order.
     */
    public record Report(Metrics model, Baselines.Report baselines, ModelParams params, HybridTuner.Result tuning,
                         ColdMovieEvaluation.Result coldMovies, FreshUsersReport freshUsers,
                         List<Evaluator.TradeOff> tradeOffs, int trainRatings, int testRatings, int rankedUsers,
                         int servedRatings, Map<String, Double> phaseSeconds) {

        public double phaseSeconds(String phase) {
            return phaseSeconds.getOrDefault(phase, 0.0);
        }
    }

    /**
     * The model to serve (the caller closes it), its report, and the public-rating (IMDb) model with its
     * evaluation (its model null, with the reason, when the catalog had too few IMDb ratings).
     */
    public record Result(HybridModel served, Report report, PublicRatingRun publicRating) {
    }

    /** The data cannot be trained or evaluated as asked; the message says why and what to do. */
    public static final class NothingToTrainException extends RuntimeException {
        NothingToTrainException(String message) {
            super(message);
        }
    }

    /**
     * The knob settings whose lists every run measures (docs/architecture.md, "beyond accuracy"):
     * today's lists first, then diversity alone, novelty alone and the two together.
     */
    public static final List<ListReranker.Knobs> TRADE_OFF_SETTINGS = List.of(ListReranker.Knobs.NONE,
            new ListReranker.Knobs(0.1, 0), new ListReranker.Knobs(0.2, 0), new ListReranker.Knobs(0.3, 0),
            new ListReranker.Knobs(0, 0.25), new ListReranker.Knobs(0, 0.5), new ListReranker.Knobs(0, 0.6),
            new ListReranker.Knobs(0, 0.7), new ListReranker.Knobs(0.2, 0.5), new ListReranker.Knobs(0.2, 0.6));

    private TrainingPipeline() {
    }

    /** A run without the public-rating model's trees baseline (it is evaluated against the genre mean only). */
    public static Result run(RatingData ratings, ItemContent[] content, Settings settings, Listener listener) {
        return run(ratings, content, settings, listener, null);
    }

    /** A run whose public-rating model is also compared with {@code trees} (null: none) on the same held-out movies. */
    public static Result run(RatingData ratings, ItemContent[] content, Settings settings, Listener listener,
                             PublicRatingEvaluation.TreeLearner trees) {
        return run(ratings, content, ReleasedOnly.none(), settings, listener, trees);
    }

    /**
     * The same, the public-rating model also learning from {@code releasedOnly}: movies with metadata but no
     * catalog movie (TMDB movies no MovieLens movie links to), which no other part of the run sees.
     */
    public static Result run(RatingData ratings, ItemContent[] content, ReleasedOnly releasedOnly, Settings settings,
                             Listener listener, PublicRatingEvaluation.TreeLearner trees) {
        Map<String, Double> phases = new LinkedHashMap<>();
        long started = System.nanoTime();
        // Fresh users sit out the evaluated fit (and every other protocol), as if they signed up after it.
        FreshUsers fresh = settings.freshUserFraction() > 0
                ? FreshUsers.select(ratings, settings.freshUserFraction(), settings.seed(), settings.relevantAt()) : null;
        Split fullSplit = Split.of(ratings, settings.split(), settings.holdoutFraction(), settings.seed());
        Split split = fresh == null ? fullSplit : fresh.without(fullSplit);
        if (split.test().length == 0 || split.train().length == 0) {
            throw new NothingToTrainException("the " + settings.split().name().toLowerCase() + " split of " + ratings.size()
                    + " ratings leaves nothing to " + (split.test().length == 0 ? "evaluate on" : "train on")
                    + ": load more ratings or raise holdoutFraction");
        }
        Evaluator evaluator = new Evaluator(ratings, split, settings.maxRankingUsers(), settings.seed(), settings.relevantAt());
        Baselines.Report baselines = Baselines.evaluate(ratings, split, evaluator);
        ContentVocabulary vocabulary = ContentVocabulary.build(Arrays.asList(content));
        ContentVocabulary.Encoded[] encoded = Arrays.stream(content).map(vocabulary::encode)
                .toArray(ContentVocabulary.Encoded[]::new);
        started = phase(phases, "baselines", started, listener);

        boolean refit = ratings.size() <= settings.refitMaxRatings();
        long afterTuning = samplesAfterTuning(ratings, split, refit, settings.coldMovieFraction() > 0);
        ModelParams params = settings.params();
        listener.onRemainingSamples((settings.tune() ? 3L * Math.min(split.train().length, HybridTuner.MAX_TUNING_RATINGS)
                * params.epochs() : 0) + afterTuning * params.epochs());
        HybridTuner.Result tuning = null;
        if (settings.tune()) {
            tuning = HybridTuner.tune(ratings, split.train(), vocabulary, encoded, params, settings.split(),
                    settings.relevantAt(), settings.tuningBudgetSeconds(), listener, listener::onTrial);
            params = tuning.params().withEpochs(Math.min(settings.params().epochs(), tuning.params().epochs()));
            listener.onRemainingSamples(afterTuning * params.epochs());
            started = phase(phases, "tuning", started, listener);
        }

        HybridModel model = HybridTrainer.train(ratings, split.train(), vocabulary, encoded, params,
                HybridTrainer.Listener.of(listener, (epoch, trainLoss, seconds, trained) -> {
                    listener.onEvaluatedEpoch(epoch, trainLoss, evaluator.errors(trained::predict).rmse(), seconds);
                    return false;
                }));
        ModelParams evaluatedParams = model.params();   // with what the trainer chose from the data (the batch size)
        try {
            started = phase(phases, "evaluated fit", started, listener);
            Metrics metrics = evaluator.errors(model::predict).withRanking(evaluator.ranking(model::scores));
            List<Evaluator.TradeOff> tradeOffs = evaluator.tradeOffs(model::scores, TRADE_OFF_SETTINGS,
                    new GenreOverlap(Arrays.stream(encoded).map(ContentVocabulary.Encoded::genres).toArray(int[][]::new))::between);
            started = phase(phases, "evaluation", started, listener);
            ColdMovieEvaluation.Result cold = settings.coldMovieFraction() <= 0 ? null : ColdMovieEvaluation.evaluate(
                    ratings, split.train(), vocabulary, encoded, params, settings.coldMovieFraction(), listener);
            if (cold != null) {
                started = phase(phases, "cold movies", started, listener);
            }
            FreshUsersReport freshReport = freshUsers(fresh, settings.freshUserFraction(), ratings, split, model);
            if (freshReport != null) {
                started = phase(phases, "fresh users", started, listener);
            }
            HybridModel served = model;
            if (refit) {
                // The served version learns from every rating, with the settings evaluated above.
                model.close();
                int[] all = new int[ratings.size()];
                Arrays.setAll(all, r -> r);
                served = HybridTrainer.train(ratings, all, vocabulary, encoded, params, listener);
                started = phase(phases, "refit", started, listener);
            }
            int[] movieIds = new int[ratings.itemCount()];
            Arrays.setAll(movieIds, ratings::itemId);
            PublicRatingRun publicRating = PublicRatingRun.fit(content, movieIds, releasedOnly, settings.seed(), trees);
            phase(phases, "public rating", started, listener);
            Report report = new Report(metrics, baselines, evaluatedParams, tuning, cold, freshReport, tradeOffs,
                    split.train().length,
                    split.test().length, evaluator.rankedUserCount(), refit ? ratings.size() : split.train().length, phases);
            return new Result(served, report, publicRating);
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** Samples of the fits after tuning, per epoch: the evaluated fit, the cold-movie fit and the refit. */
    private static long samplesAfterTuning(RatingData ratings, Split split, boolean refit, boolean cold) {
        int trainSize = split.train().length;
        int coldSize = Math.min(trainSize, ColdMovieEvaluation.MAX_RATINGS);
        // Each fit trains HybridTrainer.membersFor(its ratings) rating heads (an ensemble on small data).
        return (long) trainSize * HybridTrainer.membersFor(trainSize)
                + (cold ? (long) coldSize * HybridTrainer.membersFor(coldSize) : 0)
                + (refit ? (long) ratings.size() * HybridTrainer.membersFor(ratings.size()) : 0);
    }

    private static FreshUsersReport freshUsers(FreshUsers fresh, double fraction, RatingData ratings, Split split,
                                               HybridModel model) {
        if (fresh == null || fresh.evaluatedCount() == 0) {
            return null;
        }
        LiveRanking live = new LiveRanking(model);
        return new FreshUsersReport(fraction, FreshUsers.GIVEN, fresh.evaluatedCount(), fresh.ranking(live::scores),
                fresh.ranking((items, values, out) -> model.scores(live.foldIn(items, values), out)),
                fresh.ranking(FreshUsers.mostPopular(ratings, split.train())));
    }

    private static long phase(Map<String, Double> phases, String name, long started, Listener listener) {
        long now = System.nanoTime();
        double seconds = (now - started) / 1e9;
        phases.put(name, seconds);
        listener.onPhase(name, seconds);
        return now;
    }
}
