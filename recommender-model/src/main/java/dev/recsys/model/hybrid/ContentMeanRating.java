package dev.recsys.model.hybrid;

import dev.recsys.model.data.RatingData;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The mean rating a movie gets, from its content alone: the mean training rating of its genres, plus
 * a ridge regression of what that misses on the genres themselves, each number (year, runtime, IMDb
 * rating and votes) in bins half a standard deviation wide, and the directors and writers behind
 * at least {@link #MIN_MOVIES_PER_PERSON} rated movies. Not the cast: on generated data with planted
 * director and cast effects, cast features made the movie means worse (docs/benchmarks.md).
 * Fitted on the training movies with at least {@link #MIN_RATINGS} ratings, each weighted by its
 * ratings (a per-rating fit, like the genre mean). The genre mean alone misses, above all, the year:
 * the older movies people still rate are rated higher (docs/benchmarks.md, cold-movie splits).
 * The cold start's average-user answer for a movie without ratings ({@link ColdStart}).
 */
final class ContentMeanRating {

    static final int MIN_RATINGS = 5;
    /** In ratings: a feature seen in fewer ratings than this is pulled toward zero. */
    static final double RIDGE = 100;
    static final int BINS = 12;
    private static final double BIN_WIDTH = 0.5;
    static final int MIN_MOVIES_PER_PERSON = 2;
    /** Conjugate-gradient steps at most; a few hundred reach the tolerance on MovieLens-sized catalogs. */
    private static final int MAX_STEPS = 2_000;

    /** Mean training rating of each genre (per rating; NaN for a genre without ratings). */
    private final float[] genreMeans;
    private final float globalMean;
    /** The people with a feature of their own (vocabulary ids, in feature order). */
    private final int[] people;
    /** Ridge weights ({@link #featureCount}); null in artifacts from before format 5: the genre mean alone. */
    private final float[] weights;
    private final int[] slotOfPerson;

    ContentMeanRating(float[] genreMeans, float globalMean, int[] people, float[] weights) {
        this.genreMeans = genreMeans;
        this.globalMean = globalMean;
        this.people = people;
        this.weights = weights;
        slotOfPerson = new int[Arrays.stream(people).max().orElse(-1) + 1];
        Arrays.fill(slotOfPerson, -1);
        for (int s = 0; s < people.length; s++) {
            slotOfPerson[people[s]] = s;
        }
    }

    /** Fits on {@code train}; {@code crew} says which person ids are directors or writers. */
    static ContentMeanRating fit(float[] genreMeans, float globalMean, ContentVocabulary.Encoded[] content,
                                 boolean[] crew, RatingData data, int[] train) {
        int items = data.itemCount();
        double[] sum = new double[items];
        int[] count = new int[items];
        for (int r : train) {
            sum[data.item(r)] += data.rating(r);
            count[data.item(r)]++;
        }
        ContentMeanRating layout = new ContentMeanRating(genreMeans, globalMean, peopleWithFeatures(content, crew, count), null);
        int[] rows = IntStream.range(0, items).filter(i -> count[i] >= MIN_RATINGS).toArray();
        int[][] active = new int[rows.length][];
        double[] weight = new double[rows.length];
        double[] missed = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            int i = rows[k];
            active[k] = layout.features(content[i]);
            weight[k] = count[i];
            missed[k] = sum[i] / count[i] - layout.genreMean(content[i]);
        }
        double[] solution = ridge(active, weight, missed, layout.featureCount());
        float[] weights = new float[solution.length];
        for (int f = 0; f < solution.length; f++) {
            weights[f] = (float) solution[f];
        }
        return new ContentMeanRating(genreMeans, globalMean, layout.people, weights);
    }

    /**
     * Minimises Σ weight·(missed − Σ β[active])² + {@link #RIDGE}·|β|² by conjugate gradients with a
     * diagonal preconditioner: the rows are sparse (a movie has a few dozen features of thousands),
     * so each step costs one pass over them and no features × features matrix is ever formed.
     */
    static double[] ridge(int[][] active, double[] weight, double[] missed, int features) {
        double[] diagonal = new double[features];
        double[] b = new double[features];
        Arrays.fill(diagonal, RIDGE);
        for (int k = 0; k < active.length; k++) {
            for (int f : active[k]) {
                diagonal[f] += weight[k];
                b[f] += weight[k] * missed[k];
            }
        }
        double[] beta = new double[features];
        double[] residual = b.clone();
        double[] z = new double[features];
        for (int f = 0; f < features; f++) {
            z[f] = residual[f] / diagonal[f];
        }
        double[] direction = z.clone();
        double[] product = new double[features];
        double rz = dot(residual, z);
        double tolerance = 1e-10 * Math.max(1e-30, dot(b, b));
        for (int step = 0; step < MAX_STEPS && dot(residual, residual) > tolerance; step++) {
            Arrays.fill(product, 0);
            for (int k = 0; k < active.length; k++) {
                double t = 0;
                for (int f : active[k]) {
                    t += direction[f];
                }
                for (int f : active[k]) {
                    product[f] += weight[k] * t;
                }
            }
            for (int f = 0; f < features; f++) {
                product[f] += RIDGE * direction[f];
            }
            double alpha = rz / dot(direction, product);
            for (int f = 0; f < features; f++) {
                beta[f] += alpha * direction[f];
                residual[f] -= alpha * product[f];
                z[f] = residual[f] / diagonal[f];
            }
            double next = dot(residual, z);
            for (int f = 0; f < features; f++) {
                direction[f] = z[f] + next / rz * direction[f];
            }
            rz = next;
        }
        return beta;
    }

    private static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }

    /** The crew behind at least {@link #MIN_MOVIES_PER_PERSON} movies with {@link #MIN_RATINGS} ratings, by id. */
    private static int[] peopleWithFeatures(ContentVocabulary.Encoded[] content, boolean[] crew, int[] count) {
        int[] movies = new int[crew.length];
        for (int i = 0; i < content.length; i++) {
            if (count[i] >= MIN_RATINGS) {
                for (int p : content[i].people()) {
                    if (p < crew.length && crew[p]) {
                        movies[p]++;
                    }
                }
            }
        }
        return IntStream.range(0, crew.length).filter(p -> movies[p] >= MIN_MOVIES_PER_PERSON).toArray();
    }

    /** The predicted mean rating of a movie with this content. */
    double predict(ContentVocabulary.Encoded content) {
        double mean = genreMean(content);
        if (weights != null) {
            for (int f : features(content)) {
                mean += weights[f];
            }
        }
        return mean;
    }

    /** The mean of its genres' mean ratings; the global mean when none of its genres has ratings. */
    private double genreMean(ContentVocabulary.Encoded content) {
        double sum = 0;
        int known = 0;
        for (int g : content.genres()) {
            if (g < genreMeans.length && !Float.isNaN(genreMeans[g])) {
                sum += genreMeans[g];
                known++;
            }
        }
        return known == 0 ? globalMean : sum / known;
    }

    /** Mean rating of each genre over the training ratings (per rating, like the genre-mean baseline); NaN when none. */
    static float[] genreMeans(ContentVocabulary.Encoded[] content, int genres, RatingData data, int[] train) {
        double[] sum = new double[genres];
        long[] count = new long[genres];
        for (int r : train) {
            for (int g : content[data.item(r)].genres()) {
                if (g < genres) {
                    sum[g] += data.rating(r);
                    count[g]++;
                }
            }
        }
        float[] means = new float[genres];
        for (int g = 0; g < genres; g++) {
            means[g] = count[g] == 0 ? Float.NaN : (float) (sum[g] / count[g]);
        }
        return means;
    }

    /** Its part of the artifact (empty arrays for none): the genre means, the weights, the people. */
    static void write(DataOutputStream out, ContentMeanRating contentMean) throws IOException {
        ModelArtifact.writeFloats(out, contentMean == null ? new float[0] : contentMean.genreMeans);
        ModelArtifact.writeFloats(out, contentMean == null || contentMean.weights == null ? new float[0] : contentMean.weights);
        ModelArtifact.writeInts(out, contentMean == null ? new int[0] : contentMean.people);
    }

    /** Reads what {@link #write} wrote (format 3 and 4: the genre means alone); null for none. */
    static ContentMeanRating read(DataInputStream in, float globalMean, int version) throws IOException {
        float[] genreMeans = ModelArtifact.readFloats(in);
        float[] weights = version >= 5 ? ModelArtifact.readFloats(in) : new float[0];
        int[] people = version >= 5 ? ModelArtifact.readInts(in) : new int[0];
        if (weights.length != 0 && weights.length != featureCount(genreMeans.length, people.length)) {
            throw new IOException("model artifact is inconsistent: " + weights.length + " content-mean weights for "
                    + genreMeans.length + " genres and " + people.length + " people");
        }
        return genreMeans.length == 0 ? null
                : new ContentMeanRating(genreMeans, globalMean, people, weights.length == 0 ? null : weights);
    }

    float[] genreMeans() {
        return genreMeans;
    }

    int[] people() {
        return people;
    }

    float[] weights() {
        return weights;
    }

    int featureCount() {
        return featureCount(genreMeans.length, people.length);
    }

    /** Genres, then {@link #BINS} per number, then the people, then the intercept. */
    static int featureCount(int genres, int people) {
        return genres + ContentVocabulary.NUMERIC_FEATURES * BINS + people + 1;
    }

    /** Indices of the features a movie has: its genres, one bin per number, its people with a feature, the intercept. */
    int[] features(ContentVocabulary.Encoded content) {
        int genres = genreMeans.length;
        int[] active = new int[content.genres().length + ContentVocabulary.NUMERIC_FEATURES + content.people().length + 1];
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
        int firstPerson = genres + ContentVocabulary.NUMERIC_FEATURES * BINS;
        for (int p : content.people()) {
            if (p < slotOfPerson.length && slotOfPerson[p] >= 0) {
                active[n++] = firstPerson + slotOfPerson[p];
            }
        }
        active[n++] = featureCount() - 1;
        return Arrays.copyOf(active, n);
    }
}
