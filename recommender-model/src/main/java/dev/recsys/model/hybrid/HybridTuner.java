package dev.recsys.model.hybrid;

import dev.recsys.model.data.RatingData;
import dev.recsys.model.data.UserHistories;
import dev.recsys.model.data.UserSample;
import dev.recsys.model.eval.Evaluator;
import dev.recsys.model.eval.Split;
import dev.recsys.model.implicit.EaseModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Chooses the settings that depend on the dataset, on a validation share of the training ratings
 * only (never the test ratings): the rating head's regularisation and epoch count (early stopping on
 * validation RMSE), the item-item head's λ and the weight of "will like" in top-N (both by validation
 * NDCG@10). Trials stop starting once the time budget is spent; the best so far wins. Each trial
 * trains at most {@code base.epochs()} epochs. On large catalogs it tunes on a sample of whole users
 * ({@link #MAX_TUNING_RATINGS}).
 */
public final class HybridTuner {

    /** Share of the training ratings held out to validate on (at random, or each user's latest for temporal runs). */
    public static final double VALIDATION_FRACTION = 0.1;
    /** Tuning trains on at most this many ratings (whole users, sampled): on ml-25m a full trial would take an hour. */
    public static final int MAX_TUNING_RATINGS = 2_000_000;
    public static final int PATIENCE = 3;
    /** An epoch must lower the validation RMSE by more than 0.1 % to count as better (see {@link EarlyStopping}). */
    public static final double MIN_IMPROVEMENT = 0.001;
    static final float[] REGULARIZATION_FACTORS = {1f, 0.5f, 2f};
    static final float LAMBDA_STEP = 1.5f;
    static final float MIN_LAMBDA = 10;
    static final float MAX_LAMBDA = 100_000;
    static final float[] LIKE_WEIGHTS = {0, 0.02f, 0.05f, 0.1f, 0.2f};
    private static final int VALIDATION_RANKING_USERS = 3000;

    private HybridTuner() {
    }

    /** One setting tried: which head, the value, the validation score it reached (RMSE: lower is better; NDCG@10: higher). */
    public record Trial(String head, String setting, double value, Integer epochs, String metric, double score,
                        double seconds) {
    }

    /** The chosen parameters and every trial behind them. */
    public record Result(ModelParams params, List<Trial> trials) {
    }

    public static Result tune(RatingData data, int[] train, ContentVocabulary vocabulary,
                              ContentVocabulary.Encoded[] itemContent, ModelParams base, Split.Kind splitKind,
                              float relevantAt, double budgetSeconds,
                              HybridTrainer.Listener progress, Consumer<Trial> onTrial) {
        long started = System.nanoTime();
        // Validation the way the evaluation splits: a random share, or each user's latest ratings (temporal).
        Split inner = Split.of(data, UserSample.of(data, train, MAX_TUNING_RATINGS, base.seed()), splitKind,
                VALIDATION_FRACTION, base.seed() ^ 0x5DEECE66DL);
        Evaluator validation = new Evaluator(data, inner, VALIDATION_RANKING_USERS, base.seed(), relevantAt);
        List<Trial> trials = new ArrayList<>();
        Consumer<Trial> record = trial -> {
            trials.add(trial);
            onTrial.accept(trial);
        };

        // Validation ratings of movies with no training rating (new movies, on a temporal split) would be scored
        // by the cold tower, which the trials do not fit (it is still random there): they get the training mean
        // in every trial instead, so they add the same error to each and take no part in the choice.
        boolean[] trainedMovie = new boolean[data.itemCount()];
        double ratingSum = 0;
        for (int k : inner.train()) {
            trainedMovie[data.item(k)] = true;
            ratingSum += data.rating(k);
        }
        double trainMean = ratingSum / Math.max(1, inner.train().length);

        ModelTables best = null;
        ModelParams chosen = base;
        double bestRmse = Double.POSITIVE_INFINITY;
        try {
            for (float factor : REGULARIZATION_FACTORS) {
                if (best != null && elapsed(started) > budgetSeconds) {
                    break;
                }
                ModelParams params = base.withRegularization(base.regularization() * factor);
                long trialStarted = System.nanoTime();
                EarlyStopping stopping = new EarlyStopping(PATIENCE, MIN_IMPROVEMENT);
                ModelTables tables = RatingHeadFit.fit(data, inner.train(), vocabulary, itemContent, params,
                        HybridTrainer.Listener.of(progress, (epoch, loss, seconds, trained) ->
                                stopping.record(epoch, validation.errors((user, movie) ->
                                        trainedMovie[movie] ? trained.predict(user, movie) : trainMean).rmse())));
                record.accept(new Trial("rating", "regularization", params.regularization(), stopping.bestEpoch(),
                        "rmse", stopping.bestError(), elapsed(trialStarted)));
                if (stopping.bestError() < bestRmse) {
                    bestRmse = stopping.bestError();
                    chosen = params.withEpochs(Math.max(1, stopping.bestEpoch()));
                    if (best != null) {
                        best.close();
                    }
                    best = tables;
                } else {
                    tables.close();
                }
            }
            // The last trial may have run past its best epoch; the item-item choices below are
            // about the other heads, and the rating head only adds a small "will like" term.
            ColdTowerFit.fit(best, data, inner.train());
            EaseModel.Gram gram = EaseModel.gram(best.histories(), UserHistories.liked(data, inner.train()),
                    data.itemCount(), base.itemItemMaxItems());
            if (gram == null) {
                return new Result(chosen, trials);
            }
            ItemItemTrials itemItem = new ItemItemTrials(best, gram, validation);
            java.util.function.DoubleUnaryOperator ndcgAtLambda = lambda -> {
                long trialStarted = System.nanoTime();
                double ndcg = itemItem.ndcg(lambda, 0);
                record.accept(new Trial("itemItem", "lambda", lambda, null, "ndcgAt10", ndcg, elapsed(trialStarted)));
                return ndcg;
            };
            // A climb in factors of LAMBDA_STEP from the default λ: uphill while validation NDCG@10 improves (first up,
            // then down if up did not help). Each step inverts the items×items matrix once.
            float bestLambda = base.itemItemLambda();
            double bestNdcg = ndcgAtLambda.applyAsDouble(bestLambda);
            for (float factor : new float[] {LAMBDA_STEP, 1 / LAMBDA_STEP}) {
                float lambda = bestLambda * factor;
                boolean moved = false;
                while (lambda >= MIN_LAMBDA && lambda <= MAX_LAMBDA && (!moved || elapsed(started) <= budgetSeconds)) {
                    double ndcg = ndcgAtLambda.applyAsDouble(lambda);
                    if (ndcg <= bestNdcg) {
                        break;
                    }
                    bestNdcg = ndcg;
                    bestLambda = lambda;
                    moved = true;
                    lambda *= factor;
                }
                if (moved) {
                    break;
                }
            }
            float bestLike = 0;
            double bestLikeNdcg = -1;
            for (float like : LIKE_WEIGHTS) {
                long trialStarted = System.nanoTime();
                double ndcg = itemItem.ndcg(bestLambda, like);
                record.accept(new Trial("topN", "likeWeight", like, null, "ndcgAt10", ndcg, elapsed(trialStarted)));
                if (ndcg > bestLikeNdcg) {
                    bestLikeNdcg = ndcg;
                    bestLike = like;
                }
            }
            return new Result(chosen.withTopN(bestLambda, bestLike), trials);
        } finally {
            if (best != null) {
                best.close();
            }
        }
    }

    /**
     * Validation NDCG@10 of the tuned rating head with an item-item head of a given λ and like weight.
     * The item-item model is solved again only when λ changes; the content neighbours depend on which
     * movies it models, which λ does not change, so they are linked once.
     */
    private static final class ItemItemTrials {
        private final ModelTables tables;
        private final EaseModel.Gram gram;
        private final Evaluator validation;
        private EaseModel ease;
        private int[] neighbours;

        ItemItemTrials(ModelTables tables, EaseModel.Gram gram, Evaluator validation) {
            this.tables = tables;
            this.gram = gram;
            this.validation = validation;
        }

        double ndcg(double lambda, float likeWeight) {
            int movies = tables.movieIds.length;
            if (ease == null || ease.lambda() != lambda) {
                ease = EaseModel.solve(gram, movies, lambda, tables.manager);
            }
            if (neighbours == null) {
                neighbours = ContentNeighbours.link(ease, tables.encoder, tables.movieContent, tables.params.dimension(),
                        tables.manager);
            }
            try (HybridModel model = tables.borrow(new ItemItemHead(ease, likeWeight, neighbours, movies))) {
                return validation.ranking(model::scores).ndcg();
            }
        }
    }

    private static double elapsed(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
