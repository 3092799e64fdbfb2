package dev.recsys.model;

/** The MovieLens rating scale that every prediction is reported on. */
public final class RatingScale {

    public static final double MIN = 0.5;
    public static final double MAX = 5.0;
    /** From this rating on a user liked a movie: the item-item head's graded target and the evaluation's default relevance. */
    public static final float LIKED = 4.0f;

    private RatingScale() {
    }

    /** A raw model score as a rating: clamped to [0.5, 5.0]. */
    public static double clamp(double score) {
        return Math.max(MIN, Math.min(MAX, score));
    }
}
