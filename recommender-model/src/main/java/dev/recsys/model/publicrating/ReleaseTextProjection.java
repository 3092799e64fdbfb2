package dev.recsys.model.publicrating;

import dev.recsys.model.PrincipalDirections;
import dev.recsys.model.hybrid.ItemContent;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The text part of the public-rating features: a movie's release-text vector (the embedding of its
 * title and plot, {@link ItemContent#releaseTextVector()}) projected on the top principal components
 * of the training movies' release vectors, each scaled to unit variance over them, then a has-text flag.
 * A movie without a vector gets zeros and flag 0. Fitted on training rows only and without their
 * ratings, so nothing of the target leaks in; a few components, as a few dozen ridge weights cannot
 * read 384 dimensions from a few thousand movies.
 */
final class ReleaseTextProjection {

    static final int COMPONENTS = 12;
    /** Fewer training movies with a release vector than this: no text part is offered to the fit. */
    static final int MIN_MOVIES = 40;
    /**
     * The components are estimated from at most this many movies: enough for 12 directions of 384 (their
     * scale is measured on the same sample), and each of a run's dozen fits stays well under a second.
     */
    static final int MAX_SAMPLE = 3_000;
    static final int ITERATIONS = 150;

    /** Subtracted from a vector before it is projected. */
    private final double[] mean;
    /** Per component: its unit direction divided by the standard deviation of the scores along it. */
    private final double[][] axes;

    private ReleaseTextProjection(double[] mean, double[][] axes) {
        this.mean = mean;
        this.axes = axes;
    }

    /** Null when fewer than {@link #MIN_MOVIES} of {@code rows} have a release vector. */
    static ReleaseTextProjection fit(ItemContent[] content, int[] rows, long seed) {
        int[] withText = Arrays.stream(rows).filter(i -> content[i].releaseTextVector() != null).toArray();
        if (withText.length < MIN_MOVIES) {
            return null;
        }
        int[] sample = sample(withText, seed);
        int dims = content[sample[0]].releaseTextVector().length;
        double[][] centred = new double[sample.length][];
        double[] mean = new double[dims];
        for (int i : sample) {
            float[] v = content[i].releaseTextVector();
            for (int d = 0; d < dims; d++) {
                mean[d] += v[d] / (double) sample.length;
            }
        }
        for (int k = 0; k < sample.length; k++) {
            centred[k] = centred(content[sample[k]].releaseTextVector(), mean);
        }
        int components = Math.min(COMPONENTS, Math.min(dims, sample.length - 1));
        double[] basis = PrincipalDirections.top(covariance(centred), dims, components, ITERATIONS, seed);
        double[][] directions = new double[components][];
        Arrays.setAll(directions, j -> Arrays.copyOfRange(basis, j * dims, (j + 1) * dims));
        double[][] axes = new double[components][];
        for (int j = 0; j < components; j++) {
            double sumSquares = 0;
            for (double[] x : centred) {
                double score = PublicRatingModel.dot(directions[j], x);
                sumSquares += score * score;
            }
            double sd = Math.sqrt(sumSquares / centred.length);
            // A direction the sample does not vary along (identical texts) says nothing: its score stays 0.
            double scale = sd > 1e-9 ? 1 / sd : 0;
            axes[j] = Arrays.stream(directions[j]).map(u -> u * scale).toArray();
        }
        return new ReleaseTextProjection(mean, axes);
    }

    /** How many features it adds: the components and the flag. */
    int width() {
        return axes.length + 1;
    }

    /** {@code x} followed by this part's features of the movie with release vector {@code vector} (null: none). */
    double[] appendTo(double[] x, float[] vector) {
        double[] out = Arrays.copyOf(x, x.length + width());
        // A vector of another length (another embedder) is no text this projection can read.
        if (vector == null || vector.length != mean.length) {
            return out;
        }
        double[] v = centred(vector, mean);
        for (int j = 0; j < axes.length; j++) {
            out[x.length + j] = PublicRatingModel.dot(axes[j], v);
        }
        out[x.length + axes.length] = 1;
        return out;
    }

    private static double[] centred(float[] vector, double[] mean) {
        double[] v = new double[mean.length];
        for (int d = 0; d < v.length; d++) {
            v[d] = vector[d] - mean[d];
        }
        return v;
    }

    /** A seeded sample of at most {@link #MAX_SAMPLE} rows, in their order. */
    private static int[] sample(int[] rows, long seed) {
        if (rows.length <= MAX_SAMPLE) {
            return rows;
        }
        int[] shuffled = rows.clone();
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < MAX_SAMPLE; k++) {
            int j = k + random.nextInt(shuffled.length - k);
            int t = shuffled[k];
            shuffled[k] = shuffled[j];
            shuffled[j] = t;
        }
        int[] sample = Arrays.copyOf(shuffled, MAX_SAMPLE);
        Arrays.sort(sample);
        return sample;
    }

    /**
     * The covariance of centred rows (dims x dims, row-major): each row's entries from the diagonal on
     * accumulated in parallel, then mirrored (half the products of the full matrix; this is most of the fit's time).
     */
    private static double[] covariance(double[][] centred) {
        int dims = centred[0].length;
        double[] c = new double[dims * dims];
        IntStream.range(0, dims).parallel().forEach(a -> {
            double[] row = new double[dims];
            for (double[] x : centred) {
                double xa = x[a];
                if (xa != 0) {
                    for (int b = a; b < dims; b++) {
                        row[b] += xa * x[b];
                    }
                }
            }
            for (int b = a; b < dims; b++) {
                c[a * dims + b] = row[b] / centred.length;
            }
        });
        for (int a = 0; a < dims; a++) {
            for (int b = 0; b < a; b++) {
                c[a * dims + b] = c[b * dims + a];
            }
        }
        return c;
    }

    void write(DataOutputStream out) throws IOException {
        PublicRatingFeatures.writeDoubles(out, mean);
        out.writeInt(axes.length);
        for (double[] axis : axes) {
            PublicRatingFeatures.writeDoubles(out, axis);
        }
    }

    static ReleaseTextProjection read(DataInputStream in) throws IOException {
        double[] mean = PublicRatingFeatures.readDoubles(in);
        int components = in.readInt();
        if (components < 0 || components > mean.length) {
            throw new IOException("corrupt IMDb-rating model: " + components + " text components of " + mean.length
                    + " dimensions");
        }
        double[][] axes = new double[components][];
        for (int j = 0; j < components; j++) {
            axes[j] = PublicRatingFeatures.readDoubles(in);
            if (axes[j].length != mean.length) {
                throw new IOException("corrupt IMDb-rating model: a text component of " + axes[j].length + " dimensions");
            }
        }
        return new ReleaseTextProjection(mean, axes);
    }
}
