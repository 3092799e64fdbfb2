package dev.recsys.model.eval;

import ai.djl.ndarray.NDManager;
import dev.recsys.model.TopK;
import dev.recsys.model.data.RatingData;
import dev.recsys.model.data.UserHistories;
import dev.recsys.model.implicit.EaseModel;
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

    /** The EASE reference: λ fixed at a published value, not tuned, over the same movies as the model's head. */
    public static final double EASE_LAMBDA = 300;
    /** Neighbours kept per movie by the item-kNN reference. */
    public static final int KNN_NEIGHBOURS = 50;

    /** The baselines evaluated on a split, each with what it can compute; ease and itemKnn are null without co-rated movies. */
    public record Report(Metrics globalMean, Metrics bias, Metrics popularity, Metrics ease, Metrics itemKnn) {
    }

    /**
     * Item-kNN (Sarwar et al. 2001; Deshpande and Karypis 2004): cosine similarity of the movies'
     * binary rating columns, the {@link #KNN_NEIGHBOURS} nearest kept per movie; a user's score for a
     * movie is the sum of its similarities to the movies they rated.
     */
    public static Evaluator.ItemScorer itemKnn(UserHistories histories, int itemCount, int maxItems) {
        EaseModel.Gram counts = EaseModel.gram(histories, null, itemCount, maxItems);
        if (counts == null) {
            return null;
        }
        float[] gram = counts.coRated();
        int[] items = counts.items();
        int m = items.length;
        int k = Math.min(KNN_NEIGHBOURS, m - 1);
        int[] neighbours = new int[m * k];
        float[] similarity = new float[m * k];
        float[] row = new float[m];
        int[] top = new int[k];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                row[j] = i == j ? Float.NEGATIVE_INFINITY
                        : (float) (gram[i * m + j] / Math.sqrt((double) gram[i * m + i] * gram[j * m + j]));
            }
            TopK.select(row, top);
            for (int n = 0; n < k; n++) {
                neighbours[i * k + n] = top[n];
                similarity[i * k + n] = row[top[n]];
            }
        }
        int[] slotOfItem = new int[itemCount];
        Arrays.fill(slotOfItem, -1);
        for (int s = 0; s < m; s++) {
            slotOfItem[items[s]] = s;
        }
        return (user, out) -> {
            Arrays.fill(out, 0);
            for (int item : histories.items(user)) {
                int slot = slotOfItem[item];
                if (slot < 0) {
                    continue;
                }
                for (int n = 0; n < k; n++) {
                    out[items[neighbours[slot * k + n]]] += similarity[slot * k + n];
                }
            }
        };
    }

    public static Report evaluate(RatingData data, Split split, Evaluator evaluator) {
        double mean = globalMean(data, split.train());
        Metrics globalMean = evaluator.errors((u, i) -> mean);
        BiasModel bias = bias(data, split.train());
        Metrics biasMetrics = evaluator.errors(bias::predict)
                .withRanking(evaluator.ranking((u, out) -> System.arraycopy(bias.itemBias(), 0, out, 0, out.length)));
        float[] popularity = popularity(data, split.train());
        Metrics popular = Metrics.rankingOnly(evaluator.ranking((u, out) -> System.arraycopy(popularity, 0, out, 0, out.length)));
        UserHistories histories = UserHistories.of(data, split.train());
        Metrics ease = null;
        try (NDManager manager = NDManager.newBaseManager()) {
            EaseModel model = EaseModel.fit(histories, data.itemCount(), EASE_LAMBDA, EaseModel.DEFAULT_MAX_ITEMS, manager);
            if (model != null) {
                ease = Metrics.rankingOnly(evaluator.ranking((u, out) -> {
                    Arrays.fill(out, 0);
                    model.addScores(histories.items(u), out);
                }));
            }
        }
        Evaluator.ItemScorer knn = itemKnn(histories, data.itemCount(), EaseModel.DEFAULT_MAX_ITEMS);
        Metrics itemKnn = knn == null ? null : Metrics.rankingOnly(evaluator.ranking(knn));
        return new Report(globalMean, biasMetrics, popular, ease, itemKnn);
    }
}
