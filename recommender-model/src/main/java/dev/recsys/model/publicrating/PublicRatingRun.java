package dev.recsys.model.publicrating;

import dev.recsys.model.hybrid.ItemContent;

/**
 * The public-rating step of a training run: evaluated on held-out movies, then fitted on every movie
 * with an IMDb rating for serving. Without enough rated movies there is no model and
 * {@code absentReason} says why (the API shows it where the predicted IMDb rating would be).
 */
public record PublicRatingRun(PublicRatingModel model, PublicRatingEvaluation.Result evaluation, String absentReason,
                              double seconds) {

    public static PublicRatingRun fit(ItemContent[] content, int[] movieIds, long seed,
                                      PublicRatingEvaluation.TreeBaseline trees) {
        long started = System.nanoTime();
        PublicRatingFit.Targets targets = PublicRatingFit.targets(content);
        int rated = targets.rows().length;
        if (rated < PublicRatingFit.MIN_MOVIES) {
            String reason = rated == 0 ? "the training catalog had no IMDb ratings (load IMDb's title.ratings to get them)"
                    : "the training catalog had only " + rated + " movies with an IMDb rating from at least "
                    + PublicRatingFit.MIN_VOTES + " votes; the IMDb-rating model needs " + PublicRatingFit.MIN_MOVIES;
            return new PublicRatingRun(null, null, reason, (System.nanoTime() - started) / 1e9);
        }
        PublicRatingEvaluation.Result evaluation = PublicRatingEvaluation.evaluate(content, movieIds, targets, seed, trees);
        // Served: every rated movie, with the settings the evaluation chose (its interval calibrated anew).
        PublicRatingModel model = PublicRatingFit.refit(content, movieIds, targets, targets.rows(), seed, evaluation.evaluated());
        return new PublicRatingRun(model, evaluation, null, (System.nanoTime() - started) / 1e9);
    }
}
