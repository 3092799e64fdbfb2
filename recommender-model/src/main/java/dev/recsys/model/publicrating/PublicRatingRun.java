package dev.recsys.model.publicrating;

import dev.recsys.model.hybrid.ItemContent;
import java.util.Arrays;

/**
 * The public-rating step of a training run: evaluated on held-out movies, then fitted on every movie
 * with a public rating for serving. It learns from the catalog's movies and from {@code releasedOnly}: TMDB
 * movies that no catalog movie links to (no ratings, but a budget, a cast and a TMDB vote; kept as id -tmdbId). Without enough
 * rated movies there is no model and {@code absentReason} says why (the API shows it where the predicted
 * rating would be).
 */
public record PublicRatingRun(PublicRatingModel model, PublicRatingEvaluation.Result evaluation, String absentReason,
                              double seconds) {

    public static PublicRatingRun fit(ItemContent[] content, int[] movieIds, long seed,
                                      PublicRatingEvaluation.TreeBaseline trees) {
        return fit(content, movieIds, ReleasedOnly.none(), seed, trees);
    }

    public static PublicRatingRun fit(ItemContent[] content, int[] movieIds, ReleasedOnly releasedOnly, long seed,
                                      PublicRatingEvaluation.TreeBaseline trees) {
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
        // Served: every rated movie, with the settings the evaluation chose (its interval calibrated anew).
        PublicRatingModel model = PublicRatingFit.refit(all, ids, targets, targets.rows(), seed, evaluation.evaluated());
        return new PublicRatingRun(model, evaluation, null, (System.nanoTime() - started) / 1e9);
    }
}
