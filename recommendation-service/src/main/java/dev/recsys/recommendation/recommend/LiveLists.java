package dev.recsys.recommendation.recommend;

import dev.recsys.model.RatingScale;
import dev.recsys.model.TopK;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.LiveRanking;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.recommendation.catalog.CurrentRatings;
import java.util.Arrays;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

/**
 * Lists scored now, from what the user has told us by now (docs/architecture.md, "Live lists"): a user
 * the model was trained on and who has not rated much since is scored with their trained vector and
 * history; anyone else with ratings (a new user, a known user whose tastes moved) from their current
 * ratings through {@link LiveRanking}. Every excluded movie is removed before the cut-off, so a user who
 * rated most of the catalog still gets a full list.
 */
final class LiveLists {

    /** A known user with at least this many ratings since training is scored from their current ratings. */
    static final int NEW_RATINGS_TO_RESCORE = 3;
    private LiveLists() {
    }

    /** A live ranking: movie indices best first, and how each is predicted for the user. */
    record Scored(float[] scores, IntToDoubleFunction rating, boolean folded) {

        /** Movie ids of the best {@code count} movies (excluded ones were scored minus infinity). */
        int[] top(HybridModel model, int count) {
            int[] top = new int[Math.min(count, scores.length)];
            int found = TopK.select(scores, top);
            int[] ids = new int[found];
            for (int k = 0; k < found; k++) {
                ids[k] = model.movieId(top[k]);
            }
            return ids;
        }
    }

    /**
     * Whether the user's ratings moved far enough from those the model was trained on to score them anew:
     * a new rating of {@link RatingScale#LIKED} or more, or {@link #NEW_RATINGS_TO_RESCORE} new ratings.
     * A user the model does not know has moved as soon as they rated anything.
     */
    static boolean changedSinceTraining(HybridModel model, int userId, CurrentRatings.UserRatings current) {
        int user = model.userIndex(userId);
        if (user < 0) {
            return current.count() > 0;
        }
        int[] trained = model.trainedMovies(user);
        int fresh = 0;
        for (int k = 0; k < current.count(); k++) {
            int item = model.movieIndex(current.movieIds()[k]);
            if (item < 0 || Arrays.binarySearch(trained, item) < 0) {
                if (current.ratings()[k] >= RatingScale.LIKED || ++fresh >= NEW_RATINGS_TO_RESCORE) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Scores every movie for the user, with every movie in {@code excluded} scored minus infinity; null
     * when the model has nothing to go on (an unknown user with no rating of a movie it knows).
     */
    static Scored score(ServingModel.Loaded loaded, int userId, CurrentRatings.UserRatings current, Set<Integer> excluded) {
        HybridModel model = loaded.model();
        float[] scores = new float[model.movieCount()];
        int user = model.userIndex(userId);
        Scored scored;
        if (user >= 0 && (current == null
                || !current.changedSince(loaded.version(), () -> changedSinceTraining(model, userId, current)))) {
            model.scores(user, scores);
            scored = new Scored(scores, item -> model.predict(user, item), false);
        } else {
            HybridModel.FoldedUser folded = current == null ? null
                    : loaded.live().foldInLatest(current.movieIds(), current.ratings()).orElse(null);
            if (folded == null) {
                return null;
            }
            loaded.live().scores(folded, scores);
            scored = new Scored(scores, item -> model.predict(folded, item), true);
        }
        for (int movieId : excluded) {
            int item = model.movieIndex(movieId);
            if (item >= 0) {
                scores[item] = Float.NEGATIVE_INFINITY;
            }
        }
        return scored;
    }
}
