package dev.recsys.model.hybrid;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Every movie's vector and bias as the model serves them, computed once when the model is built: a
 * movie with training ratings gets its id embedding and bias plus its content tower output; a movie
 * without any gets the cold start's (the cold tower's, calibrated to the content mean rating).
 */
final class ServedMovies {

    /** Movies per tower forward: bounds the input a forward allocates on a large catalog. */
    private static final int CHUNK = 4096;

    /** Row-major, {@code movieCount × dimension}. */
    final float[] vectors;
    final float[] bias;
    private final int d;
    /** {@link #vectors} for block scoring, made on first use. */
    private NDArray matrix;

    ServedMovies(ModelTables tables, ColdStart coldStart) {
        d = tables.params.dimension();
        int movies = tables.movieIds.length;
        int[] ratingCounts = tables.ratingCounts();
        vectors = new float[movies * d];
        bias = new float[movies];
        for (int start = 0; start < movies; start += CHUNK) {
            int end = Math.min(movies, start + CHUNK);
            ContentVocabulary.Encoded[] slice = Arrays.copyOfRange(tables.movieContent, start, end);
            float[] content = tables.encoder.contentVectors(slice);
            float[] cold = tables.encoder.coldVectors(slice);
            for (int i = start; i < end; i++) {
                int row = (i - start) * (d + 1);
                boolean warm = ratingCounts == null || ratingCounts[i] > 0;
                for (int k = 0; k < d; k++) {
                    vectors[i * d + k] = warm ? tables.movieVectors[i * d + k] + content[row + k] : cold[row + k];
                }
                bias[i] = warm ? tables.movieBias[i] + content[row + d]
                        : coldStart.calibratedBias(cold, row, tables.movieContent[i]);
            }
        }
    }

    /** The vectors as a PyTorch matrix ({@code movieCount × dimension}) in {@code manager}, made once. */
    synchronized NDArray matrix(NDManager manager) {
        if (matrix == null) {
            matrix = manager.create(vectors, new Shape(bias.length, d));
        }
        return matrix;
    }

    /** ⟨p, q_movie⟩ for the user vector at {@code vectors[offset, +dimension)}. */
    float dot(float[] userVectors, int offset, int movie) {
        float dot = 0;
        for (int k = 0; k < d; k++) {
            dot += userVectors[offset + k] * vectors[movie * d + k];
        }
        return dot;
    }

    /** Cosine similarity of every movie's vector to one movie's, written into {@code out} (itself: -infinity). */
    void similarities(int movie, float[] out) {
        double norm = norm(movie);
        for (int other = 0; other < bias.length; other++) {
            double dot = 0;
            for (int k = 0; k < d; k++) {
                dot += vectors[movie * d + k] * vectors[other * d + k];
            }
            double denominator = norm * norm(other);
            out[other] = denominator == 0 ? 0 : (float) (dot / denominator);
        }
        out[movie] = Float.NEGATIVE_INFINITY;
    }

    private double norm(int movie) {
        double sum = 0;
        for (int k = 0; k < d; k++) {
            sum += vectors[movie * d + k] * vectors[movie * d + k];
        }
        return Math.sqrt(sum);
    }
}
