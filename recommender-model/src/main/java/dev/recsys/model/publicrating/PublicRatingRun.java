package dev.recsys.model.publicrating;

import dev.recsys.model.hybrid.ItemContent;
import java.util.Arrays;

/**
 * The public-rating step of a training run: evaluated on held-out movies, then fitted on every movie
 * with a public rating for serving. It learns from the catalog's movies and from {@code releasedOnly}: TMDB
 * movies that no catalog movie links to (no ratings, but a budget, a cast and a TMDB vote; kept as id -tmdbId). Without enough
 * rated movies there is no model and {@code absentReason} says why (the API shows it where the predicted
 * rating would be). Gradient-boosted trees give the served point instead of the ridge when they had the lower
 * held-out error.
 */
public record PublicRatingRun(PublicRatingModel model, PublicRatingEvaluation.Result evaluation, String absentReason,
                              double seconds) {

    public static PublicRatingRun fit(ItemContent[] content, int[] movieIds, long seed,
                                      PublicRatingEvaluation.TreeLearner trees) {
        return fit(content, movieIds, ReleasedOnly.none(), seed, trees);
    }

    public static PublicRatingRun fit(ItemContent[] content, int[] movieIds, ReleasedOnly releasedOnly, long seed,
                                      PublicRatingEvaluation.TreeLearner trees) {
        long started = System.nanoTime();
        ItemContent[] all = Arrays.copyOf(content, content.length + releasedOnly.content().length);
        System.arraycopy(releasedOnly.content(), 0, all, content.length, releasedOnly.content().length);
        int[] ids = Arrays.copyOf(movieIds, all.length);
        System.arraycopy(releasedOnly.modelIds(), 0, ids, movieIds.length, releasedOnly.tmdbIds().length);
        PublicRatingFit.Targets targets = PublicRatingFit.targets(all);
        int rated = targets.rows().length;
        if (rated < PublicRatingFit.MIN_MOVIES) {
            String reason = rated == 0 ? "the training catalog had no IMDb or TMDB ratings (load IMDb's title.ratings or "
                    + "TMDB's metadata to get them)"
                    : "the training catalog had only " + rated + " movies with a public rating from at least "
                    + PublicRatingFit.MIN_VOTES + " votes; the public-rating model needs " + PublicRatingFit.MIN_MOVIES;
            return new PublicRatingRun(null, null, reason, (System.nanoTime() - started) / 1e9);
        }
        PublicRatingEvaluation.Result evaluation = PublicRatingEvaluation.evaluate(all, ids, targets, seed, trees);
        // Served: every rated movie, with the settings the evaluation chose: the ridge (its interval calibrated anew),
        // or the trees with the evaluated spread their interval was calibrated with.
        PublicRatingModel model;
        if (evaluation.treesServed()) {
            model = PublicRatingFit.withoutRidge(all, ids, targets, targets.rows(), seed, evaluation.evaluated());
            model = model.withTrees(servedTrees(all, targets, model, evaluation, seed, trees));
        } else {
            model = PublicRatingFit.refit(all, ids, targets, targets.rows(), seed, evaluation.evaluated());
        }
        return new PublicRatingRun(model, evaluation, null, (System.nanoTime() - started) / 1e9);
    }

    /**
     * Trees on every rated movie (out-of-fold people encodings, as in the evaluation) with as many rounds as the
     * evaluation's early stopping kept, and the interval quantile calibrated on its held-out movies.
     */
    private static PublicRatingModel.ServedTrees servedTrees(ItemContent[] content, PublicRatingFit.Targets targets,
                                                             PublicRatingModel ridge, PublicRatingEvaluation.Result evaluation,
                                                             long seed, PublicRatingEvaluation.TreeLearner trees) {
        int[] rows = targets.rows();
        PublicRatingFeatures features = PublicRatingEvaluation.treeFeatures(ridge.features, content, rows, seed);
        double[][] x = features.outOfFold(content, targets.rating(), targets.weight(), rows, PublicRatingFit.FOLDS, seed);
        for (int k = 0; k < rows.length; k++) {
            x[k] = features.treeRow(x[k], content[rows[k]]);
        }
        TreeEnsemble ensemble = trees.fit(x, Arrays.stream(rows).mapToDouble(i -> targets.rating()[i]).toArray(),
                Arrays.stream(rows).mapToDouble(i -> targets.weight()[i]).toArray(), evaluation.treeRounds());
        return new PublicRatingModel.ServedTrees(ensemble, features, evaluation.treeQuantile());
    }
}
