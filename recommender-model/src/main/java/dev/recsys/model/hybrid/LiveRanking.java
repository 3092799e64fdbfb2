package dev.recsys.model.hybrid;

import java.util.Arrays;
import java.util.Optional;

/**
 * Top-N scores for a user from the ratings they have now, whatever the model was trained on: a new
 * user who rated a few movies, a known user whose tastes moved, a visitor. The item-item head reads
 * the current rated and liked movies, the rating head a vector folded in from the current ratings
 * (ridge regression with every movie vector fixed), and the two are blended with popularity, whose
 * share shrinks as the ratings grow: ten ratings say something, but not yet everything.
 *
 * <p>Both parts are standardised over the catalog before they are added, so the blend means the same
 * on any model whatever the scale of its scores. The popularity weight and how fast it fades were
 * measured on held-out users (docs/benchmarks.md, "fresh users"). Immutable; one per served model.
 */
public final class LiveRanking {

    /** Ridge penalty of the fold-in: keeps a vector from a handful of ratings small. */
    public static final float FOLD_IN_REGULARISATION = 1.0f;
    /** At most this many of a user's latest ratings are folded in (the fold-in costs O(n·d²)). */
    public static final int MAX_FOLD_IN_RATINGS = 500;
    /** Weight of popularity (in standard deviations) at {@link #HALF_LIFE_RATINGS} ratings. */
    public static final float DEFAULT_POPULARITY_WEIGHT = 3f;
    /** The number of ratings at which the popularity weight is half what it is at none. */
    public static final int HALF_LIFE_RATINGS = 10;

    private final HybridModel model;
    private final float popularityWeight;
    /** log(1 + training ratings of 4 or more) of each movie, standardised over the catalog; zeros without counts. */
    private final float[] popularity;

    public LiveRanking(HybridModel model) {
        this(model, DEFAULT_POPULARITY_WEIGHT);
    }

    public LiveRanking(HybridModel model, float popularityWeight) {
        this.model = model;
        this.popularityWeight = popularityWeight;
        // Liked, not merely rated: a blockbuster everyone watches and few like is no answer (docs/benchmarks.md).
        this.popularity = standardisedPopularity(model.likedHistories == null ? model.ratingCounts
                : model.likedHistories.itemCounts(model.movieCount()), model.movieCount());
    }

    public HybridModel model() {
        return model;
    }

    /**
     * The user vector and bias that best explain {@code ratings} of {@code movies} (dense indices), with
     * their rated and liked movies for the item-item head.
     */
    public HybridModel.FoldedUser foldIn(int[] movies, float[] ratings) {
        return model.foldIn(movies, ratings, FOLD_IN_REGULARISATION);
    }

    /**
     * A user folded in from their ratings by movie id, latest first: the latest
     * {@link #MAX_FOLD_IN_RATINGS} of movies the model knows (others are skipped); empty when there is none.
     */
    public Optional<HybridModel.FoldedUser> foldInLatest(int[] movieIds, float[] ratings) {
        int[] movies = new int[Math.min(movieIds.length, MAX_FOLD_IN_RATINGS)];
        float[] known = new float[movies.length];
        int n = 0;
        for (int k = 0; k < movieIds.length && n < movies.length; k++) {
            int movie = model.movieIndex(movieIds[k]);
            if (movie >= 0) {
                movies[n] = movie;
                known[n++] = ratings[k];
            }
        }
        return n == 0 ? Optional.empty() : Optional.of(foldIn(Arrays.copyOf(movies, n), Arrays.copyOf(known, n)));
    }

    /** Top-N scores of every movie for {@code user}, written into {@code out} (higher ranks first). */
    public void scores(HybridModel.FoldedUser user, float[] out) {
        model.scores(user, out);
        standardise(out);
        float weight = popularityWeight(user.items().length);
        if (weight == 0) {
            return;
        }
        for (int item = 0; item < out.length; item++) {
            out[item] += weight * popularity[item];
        }
    }

    /** Popularity's weight for a user with {@code ratings} ratings: full with none, half at {@link #HALF_LIFE_RATINGS}. */
    float popularityWeight(int ratings) {
        return 2 * popularityWeight * HALF_LIFE_RATINGS / (float) (HALF_LIFE_RATINGS + ratings);
    }

    /** Scores every movie from the given ratings: {@link #foldIn} then {@link #scores}. */
    public HybridModel.FoldedUser scores(int[] movies, float[] ratings, float[] out) {
        HybridModel.FoldedUser user = foldIn(movies, ratings);
        scores(user, out);
        return user;
    }

    private static void standardise(float[] values) {
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (float v : values) {
            if (Float.isFinite(v)) {
                sum += v;
                squares += (double) v * v;
                n++;
            }
        }
        if (n < 2) {
            return;
        }
        double mean = sum / n;
        double deviation = Math.sqrt(Math.max(squares / n - mean * mean, 0));
        float scale = deviation > 1e-9 ? (float) (1 / deviation) : 1;
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((values[i] - mean) * scale);
        }
    }

    private static float[] standardisedPopularity(int[] counts, int itemCount) {
        float[] popularity = new float[itemCount];
        if (counts == null) {
            return popularity;
        }
        for (int item = 0; item < itemCount; item++) {
            popularity[item] = (float) Math.log1p(counts[item]);
        }
        standardise(popularity);
        return popularity;
    }
}
