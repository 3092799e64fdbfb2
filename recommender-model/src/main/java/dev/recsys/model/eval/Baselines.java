package dev.recsys.model.eval;

import dev.recsys.model.data.RatingData;
import java.util.Arrays;

/** The simple models every version is compared with, fitted on the training ratings only. */
public final class Baselines {

    /** Koren's regularisation for the bias baseline (item, user), in ratings. */
    public static final double ITEM_REGULARISATION = 25;
    public static final double USER_REGULARISATION = 10;
    private static final int BIAS_ITERATIONS = 10;

    private Baselines() {
    }

    public static double globalMean(RatingData data, int[] train) {
        double sum = 0;
        for (int r : train) {
            sum += data.rating(r);
        }
        return train.length == 0 ? 0 : sum / train.length;
    }

    /** μ + b_u + b_i with regularised biases, fitted by alternating least squares. */
    public record BiasModel(double mean, float[] userBias, float[] itemBias) {

        public double predict(int user, int item) {
            return mean + userBias[user] + itemBias[item];
        }
    }

    public static BiasModel bias(RatingData data, int[] train) {
        double mean = globalMean(data, train);
        float[] userBias = new float[data.userCount()];
        float[] itemBias = new float[data.itemCount()];
        double[] sums = new double[Math.max(data.userCount(), data.itemCount())];
        int[] userCounts = new int[data.userCount()];
        int[] itemCounts = new int[data.itemCount()];
        for (int r : train) {
            userCounts[data.user(r)]++;
            itemCounts[data.item(r)]++;
        }
        for (int iteration = 0; iteration < BIAS_ITERATIONS; iteration++) {
            Arrays.fill(sums, 0);
            for (int r : train) {
                sums[data.item(r)] += data.rating(r) - mean - userBias[data.user(r)];
            }
            for (int i = 0; i < itemBias.length; i++) {
                itemBias[i] = (float) (sums[i] / (ITEM_REGULARISATION + itemCounts[i]));
            }
            Arrays.fill(sums, 0);
            for (int r : train) {
                sums[data.user(r)] += data.rating(r) - mean - itemBias[data.item(r)];
            }
            for (int u = 0; u < userBias.length; u++) {
                userBias[u] = (float) (sums[u] / (USER_REGULARISATION + userCounts[u]));
            }
        }
        return new BiasModel(mean, userBias, itemBias);
    }

    /** Number of training ratings per item: the popularity ranking, the same for every user. */
    public static float[] popularity(RatingData data, int[] train) {
        float[] counts = new float[data.itemCount()];
        for (int r : train) {
            counts[data.item(r)]++;
        }
        return counts;
    }

    /** The three baselines evaluated on a split, each with what it can compute. */
    public record Report(Metrics globalMean, Metrics bias, Metrics popularity) {
    }

    public static Report evaluate(RatingData data, Split split, Evaluator evaluator) {
        double mean = globalMean(data, split.train());
        Metrics globalMean = evaluator.errors((u, i) -> mean);
        BiasModel bias = bias(data, split.train());
        Metrics biasMetrics = evaluator.errors(bias::predict)
                .withRanking(evaluator.ranking((u, out) -> System.arraycopy(bias.itemBias(), 0, out, 0, out.length)));
        float[] popularity = popularity(data, split.train());
        Metrics popular = Metrics.rankingOnly(evaluator.ranking((u, out) -> System.arraycopy(popularity, 0, out, 0, out.length)));
        return new Report(globalMean, biasMetrics, popular);
    }
}
