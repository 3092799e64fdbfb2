package dev.recsys.model.hybrid;

import dev.recsys.model.DenseSystem;
import dev.recsys.model.data.RatingData;
import java.util.Arrays;

/**
 * The mean rating a movie gets, from its content alone: the mean training rating of its genres, plus
 * a ridge regression of what that misses on the genres themselves and each number (year, runtime,
 * IMDb rating and votes) in bins half a standard deviation wide. Fitted on the training movies with
 * at least {@link #MIN_RATINGS} ratings, each weighted by its ratings (a per-rating fit, like the
 * genre mean). The genre mean alone misses, above all, the year: the older movies people still rate
 * are rated higher (ml-latest-small, 20 random cold-movie splits in NumPy: RMSE of movie means 0.381
 * against 0.422 for the genre mean, lower on every split; docs/benchmarks.md).
 */
final class ContentMeanRating {

    static final int MIN_RATINGS = 5;
    /** In ratings: a bin seen in fewer ratings than this is pulled toward zero. */
    static final double RIDGE = 100;
    static final int BINS = 12;
    private static final double BIN_WIDTH = 0.5;

    /** Mean training rating of each genre (per rating; NaN for a genre without ratings). */
    private final float[] genreMeans;
    private final float globalMean;
    /** Ridge weights ({@link #featureCount}); null in artifacts from before format 5: the genre mean alone. */
    private final float[] weights;

    ContentMeanRating(float[] genreMeans, float globalMean, float[] weights) {
        this.genreMeans = genreMeans;
        this.globalMean = globalMean;
        this.weights = weights;
    }

    static ContentMeanRating fit(float[] genreMeans, float globalMean, ContentVocabulary.Encoded[] content,
                                 RatingData data, int[] train) {
        int items = data.itemCount();
        double[] sum = new double[items];
        int[] count = new int[items];
        for (int r : train) {
            sum[data.item(r)] += data.rating(r);
            count[data.item(r)]++;
        }
        ContentMeanRating genresOnly = new ContentMeanRating(genreMeans, globalMean, null);
        int n = featureCount(genreMeans.length);
        double[][] a = new double[n][n];
        double[] b = new double[n];
        for (int i = 0; i < items; i++) {
            if (count[i] < MIN_RATINGS) {
                continue;
            }
            double missed = sum[i] / count[i] - genresOnly.predict(content[i]);
            int[] active = features(content[i], genreMeans.length);
            for (int f : active) {
                b[f] += count[i] * missed;
                for (int g : active) {
                    a[f][g] += count[i];
                }
            }
        }
        for (int f = 0; f < n; f++) {
            a[f][f] += RIDGE;
        }
        double[] solution = DenseSystem.solve(a, b);
        float[] weights = new float[n];
        for (int f = 0; f < n; f++) {
            weights[f] = (float) solution[f];
        }
        return new ContentMeanRating(genreMeans, globalMean, weights);
    }

    /** The predicted mean rating of a movie with this content. */
    double predict(ContentVocabulary.Encoded content) {
        double sum = 0;
        int known = 0;
        for (int g : content.genres()) {
            if (g < genreMeans.length && !Float.isNaN(genreMeans[g])) {
                sum += genreMeans[g];
                known++;
            }
        }
        double mean = known == 0 ? globalMean : sum / known;
        if (weights != null) {
            for (int f : features(content, genreMeans.length)) {
                mean += weights[f];
            }
        }
        return mean;
    }

    float[] genreMeans() {
        return genreMeans;
    }

    float[] weights() {
        return weights;
    }

    static int featureCount(int genres) {
        return genres + ContentVocabulary.NUMERIC_FEATURES * BINS + 1;
    }

    /** Indices of the features a movie has: its genres, one bin per number, and the intercept (last). */
    static int[] features(ContentVocabulary.Encoded content, int genres) {
        int[] active = new int[content.genres().length + ContentVocabulary.NUMERIC_FEATURES + 1];
        int n = 0;
        for (int g : content.genres()) {
            if (g < genres) {
                active[n++] = g;
            }
        }
        for (int f = 0; f < ContentVocabulary.NUMERIC_FEATURES; f++) {
            // Normalised values: bin 0 below -2.5 standard deviations, bin 11 from +2.5; a missing number sits at 0.
            int bin = (int) Math.floor((content.numeric()[f] + BINS * BIN_WIDTH / 2) / BIN_WIDTH);
            active[n++] = genres + f * BINS + Math.max(0, Math.min(BINS - 1, bin));
        }
        active[n++] = featureCount(genres) - 1;
        return Arrays.copyOf(active, n);
    }
}
