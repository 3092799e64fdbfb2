package dev.recsys.model.hybrid;

import dev.recsys.model.DenseSystem;
import dev.recsys.model.RatingScale;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Fold-in: the user vector and bias that best explain a visitor's ratings with every movie vector
 * fixed, by ridge regression (docs/architecture.md). No retraining; the cost is O(n·d² + d³).
 */
final class FoldIn {

    private FoldIn() {
    }

    static HybridModel.FoldedUser solve(ServedMovies movies, float globalMean, int d, int[] items, float[] ratings,
                                        float regularisation) {
        int size = d + 1;
        double[][] a = new double[size][size];
        double[] b = new double[size];
        double[] x = new double[size];
        for (int r = 0; r < items.length; r++) {
            int item = items[r];
            for (int k = 0; k < d; k++) {
                x[k] = movies.vectors[item * d + k];
            }
            x[d] = 1;   // the user bias
            double target = ratings[r] - globalMean - movies.bias[item];
            for (int i = 0; i < size; i++) {
                b[i] += x[i] * target;
                for (int j = 0; j < size; j++) {
                    a[i][j] += x[i] * x[j];
                }
            }
        }
        for (int i = 0; i < size; i++) {
            a[i][i] += regularisation;
        }
        double[] solution = DenseSystem.solve(a, b);
        float[] vector = new float[d];
        for (int k = 0; k < d; k++) {
            vector[k] = (float) solution[k];
        }
        int[] history = Arrays.stream(items).distinct().sorted().toArray();
        int[] liked = IntStream.range(0, items.length).filter(r -> ratings[r] >= RatingScale.LIKED)
                .map(r -> items[r]).distinct().sorted().toArray();
        return new HybridModel.FoldedUser(vector, (float) solution[d], history, liked);
    }
}
