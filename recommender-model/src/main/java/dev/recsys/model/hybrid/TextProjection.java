package dev.recsys.model.hybrid;

import dev.recsys.model.PrincipalDirections;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * How the towers read a movie's sentence embedding (384 values from {@code dev.recsys.text.TextEmbedder}):
 * the catalog's mean vector subtracted, then projected on the catalog's top principal directions. The
 * embedding stays frozen and the projection fixed (computed once from the training catalog, saved with
 * the model), so a tower learns only a small layer of weights on a few dozen inputs, not a 384-wide one
 * that a few thousand rated movies would overfit. The projections keep the embedding's own scale:
 * movies with similar texts get similar inputs.
 */
final class TextProjection {

    /** At most this many vectors estimate the directions: more adds time, not precision. */
    private static final int MAX_SAMPLE = 20_000;
    private static final int ITERATIONS = 60;

    private final float[] mean;
    /** Row-major, {@code dimensions × width}: unit, orthogonal directions, largest variance first. */
    private final float[] directions;
    private final int width;
    private final int dimensions;

    TextProjection(float[] mean, float[] directions, int dimensions) {
        this.mean = mean;
        this.directions = directions;
        this.width = mean.length;
        this.dimensions = dimensions;
        if (directions.length != dimensions * width) {
            throw new IllegalArgumentException(directions.length + " projection values for " + dimensions + " × " + width);
        }
    }

    /**
     * The top {@code dimensions} principal directions of {@code vectors} (all of one width), by subspace
     * iteration ({@link PrincipalDirections}).
     */
    static TextProjection fit(List<float[]> vectors, int dimensions, long seed) {
        int width = vectors.get(0).length;
        int n = vectors.size();
        int step = Math.max(1, n / MAX_SAMPLE);
        double[] mean = new double[width];
        int used = 0;
        for (int v = 0; v < n; v += step) {
            float[] x = vectors.get(v);
            for (int j = 0; j < width; j++) {
                mean[j] += x[j];
            }
            used++;
        }
        for (int j = 0; j < width; j++) {
            mean[j] /= used;
        }
        double[] covariance = new double[width * width];
        double[] centred = new double[width];
        for (int v = 0; v < n; v += step) {
            float[] x = vectors.get(v);
            for (int j = 0; j < width; j++) {
                centred[j] = x[j] - mean[j];
            }
            for (int a = 0; a < width; a++) {
                double ca = centred[a];
                for (int b = a; b < width; b++) {
                    covariance[a * width + b] += ca * centred[b];
                }
            }
        }
        for (int a = 0; a < width; a++) {
            for (int b = 0; b < a; b++) {
                covariance[a * width + b] = covariance[b * width + a];
            }
        }
        int k = Math.min(dimensions, width);
        double[] basis = PrincipalDirections.top(covariance, width, k, ITERATIONS, seed);
        float[] meanOut = new float[width];
        float[] directions = new float[k * width];
        for (int j = 0; j < width; j++) {
            meanOut[j] = (float) mean[j];
        }
        for (int i = 0; i < directions.length; i++) {
            directions[i] = (float) basis[i];
        }
        return new TextProjection(meanOut, directions, k);
    }

    int dimensions() {
        return dimensions;
    }

    int width() {
        return width;
    }

    /** The projection of one vector; null (no text) for a null vector. */
    float[] project(float[] vector) {
        if (vector == null) {
            return null;
        }
        if (vector.length != width) {
            throw new IllegalArgumentException("a text vector has " + vector.length + " values where the model reads " + width);
        }
        float[] out = new float[dimensions];
        for (int d = 0; d < dimensions; d++) {
            double sum = 0;
            for (int j = 0; j < width; j++) {
                sum += (vector[j] - mean[j]) * directions[d * width + j];
            }
            out[d] = (float) sum;
        }
        return out;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(dimensions);
        ModelArtifact.writeFloats(out, mean);
        ModelArtifact.writeFloats(out, directions);
    }

    static TextProjection read(DataInputStream in) throws IOException {
        int dimensions = in.readInt();
        float[] mean = ModelArtifact.readFloats(in);
        float[] directions = ModelArtifact.readFloats(in);
        if (dimensions <= 0 || directions.length != dimensions * mean.length) {
            throw new IOException("model artifact is inconsistent: a text projection of " + directions.length
                    + " values for " + dimensions + " directions of " + mean.length);
        }
        return new TextProjection(mean, directions, dimensions);
    }
}
