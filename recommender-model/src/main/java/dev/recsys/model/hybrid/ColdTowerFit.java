package dev.recsys.model.hybrid;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.recsys.model.data.RatingData;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Fits the cold tower on the training ratings themselves, with every user's bias and vector fixed:
 * it learns the bias and vector from content alone that best predict how each user rated the movie.
 * So a new movie's prediction lives on the same scale as a rated one's, and content that says nothing
 * lands on the user's own level (docs/architecture.md, cold tower).
 */
final class ColdTowerFit {

    private static final int EPOCHS = 3;
    private static final int BATCH = 2048;
    private static final float LEARNING_RATE = 0.005f;
    /** The cold tower learns from at most this many ratings (a seeded random sample): more adds time, not accuracy. */
    private static final int MAX_RATINGS = 2_000_000;

    private ColdTowerFit() {
    }

    /** Trains the cold tower of {@code tables} (after the rating head) on {@code train}. */
    static void fit(ModelTables tables, RatingData data, int[] train) {
        int d = tables.params.dimension();
        int in = tables.encoder.coldInputWidth;
        TowerOptimizer optimizer = new TowerOptimizer(tables.encoder.coldTower, LEARNING_RATE);
        SplittableRandom random = new SplittableRandom(tables.params.seed() + 7);
        int[] order = sample(train, MAX_RATINGS, random);
        int[] slotOfItem = new int[data.itemCount()];
        Arrays.fill(slotOfItem, -1);
        int[] slotItems = new int[BATCH];
        float[] outputGrad = new float[BATCH * (d + 1)];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            RatingHeadFit.shuffle(order, random);
            for (int start = 0; start < order.length; start += BATCH) {
                int end = Math.min(order.length, start + BATCH);
                int items = 0;
                for (int k = start; k < end; k++) {
                    int item = data.item(order[k]);
                    if (slotOfItem[item] < 0) {
                        slotOfItem[item] = items;
                        slotItems[items++] = item;
                    }
                }
                float[] input = new float[items * in];
                for (int s = 0; s < items; s++) {
                    tables.encoder.writeColdInput(tables.movieContent[slotItems[s]], input, s * in);
                }
                Arrays.fill(outputGrad, 0, items * (d + 1), 0);
                try (NDManager scope = tables.manager.newSubManager();
                     GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray x = scope.create(input, new Shape(items, in));
                    NDArray out = tables.encoder.coldTower.forward(new ParameterStore(scope, false), new NDList(x), true)
                            .singletonOrThrow();
                    float[] q = out.toFloatArray();
                    float scale = 2f / (end - start);
                    for (int k = start; k < end; k++) {
                        int r = order[k];
                        int u = data.user(r);
                        int row = slotOfItem[data.item(r)] * (d + 1);
                        float predicted = tables.globalMean + tables.userBias[u] + q[row + d];
                        for (int x2 = 0; x2 < d; x2++) {
                            predicted += tables.userVectors[u * d + x2] * q[row + x2];
                        }
                        float error = (predicted - data.rating(r)) * scale;
                        outputGrad[row + d] += error;
                        for (int x2 = 0; x2 < d; x2++) {
                            outputGrad[row + x2] += error * tables.userVectors[u * d + x2];
                        }
                    }
                    NDArray seed = scope.create(Arrays.copyOf(outputGrad, items * (d + 1)), new Shape(items, d + 1));
                    collector.backward(out.mul(seed).sum());
                    optimizer.step();
                }
                for (int s = 0; s < items; s++) {
                    slotOfItem[slotItems[s]] = -1;
                }
            }
        }
    }

    /** A random {@code max} of the ratings (a copy), or all of them (a copy) when they fit. */
    private static int[] sample(int[] ratings, int max, SplittableRandom random) {
        int[] copy = ratings.clone();
        if (copy.length <= max) {
            return copy;
        }
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(copy.length - i);
            int t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return Arrays.copyOf(copy, max);
    }
}
