package dev.recsys.model.eval;

import dev.recsys.model.RatingScale;
import dev.recsys.model.TopK;
import dev.recsys.model.data.RatingData;
import dev.recsys.model.eval.Metrics.RankingMetrics;
import dev.recsys.model.rerank.ListReranker;
import dev.recsys.model.rerank.RecommendationExposure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The evaluation protocol of docs/architecture.md, identical for the model and every baseline: RMSE and MAE
 * over the held-out ratings; for each user with a held-out rating of at least 4.0, every movie not
 * in that user's training ratings is ranked, and NDCG@10, Recall@10 and HitRate@10 are computed
 * against the user's held-out movies rated 4.0 or more (binary relevance), then averaged over users.
 */
public final class Evaluator {

    public static final int K = 10;
    /** The default relevance threshold: a held-out rating of at least this counts as a hit. */
    public static final float RELEVANT = RatingScale.LIKED;

    /** Predicts a rating for dense user and item indices. */
    @FunctionalInterface
    public interface RatingPredictor {
        double predict(int user, int item);
    }

    /** Writes a score for every item (dense index) for one user; higher ranks first. */
    @FunctionalInterface
    public interface ItemScorer {
        void scores(int user, float[] out);
    }

    private final RatingData data;
    private final Split split;
    private final int[] trainOffsets;
    private final int[] trainItems;
    private final int[] rankedUsers;
    private final int[][] relevantByUser;
    /** Popularity percentile of each movie by its training ratings (100: the most-rated). */
    private final float[] popularityPercentile;
    /** Training ratings per movie. */
    private final int[] trainCounts;

    /**
     * @param maxRankingUsers ranking is computed over at most this many users (a seeded sample),
     *                        since it scores every movie for every user
     */
    public Evaluator(RatingData data, Split split, int maxRankingUsers, long seed) {
        this(data, split, maxRankingUsers, seed, RELEVANT);
    }

    /** @param relevantAt a held-out rating of at least this is a relevant movie for the ranking metrics */
    public Evaluator(RatingData data, Split split, int maxRankingUsers, long seed, float relevantAt) {
        this.data = data;
        this.split = split;
        int users = data.userCount();
        trainOffsets = new int[users + 1];
        for (int r : split.train()) {
            trainOffsets[data.user(r) + 1]++;
        }
        for (int u = 0; u < users; u++) {
            trainOffsets[u + 1] += trainOffsets[u];
        }
        trainItems = new int[split.train().length];
        int[] fill = Arrays.copyOf(trainOffsets, users);
        for (int r : split.train()) {
            trainItems[fill[data.user(r)]++] = data.item(r);
        }
        int[] relevantCount = new int[users];
        for (int r : split.test()) {
            if (data.rating(r) >= relevantAt) {
                relevantCount[data.user(r)]++;
            }
        }
        relevantByUser = new int[users][];
        int eligible = 0;
        for (int u = 0; u < users; u++) {
            relevantByUser[u] = new int[relevantCount[u]];
            if (relevantCount[u] > 0) {
                eligible++;
            }
        }
        int[] relevantFill = new int[users];
        for (int r : split.test()) {
            if (data.rating(r) >= relevantAt) {
                relevantByUser[data.user(r)][relevantFill[data.user(r)]++] = data.item(r);
            }
        }
        int[] all = new int[eligible];
        int n = 0;
        for (int u = 0; u < users; u++) {
            if (relevantCount[u] > 0) {
                all[n++] = u;
            }
        }
        if (all.length > maxRankingUsers) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = all.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
            }
            all = Arrays.copyOf(all, maxRankingUsers);
            Arrays.sort(all);
        }
        rankedUsers = all;
        trainCounts = new int[data.itemCount()];
        for (int r : split.train()) {
            trainCounts[data.item(r)]++;
        }
        popularityPercentile = percentiles(trainCounts);
    }

    private static float[] percentiles(int[] counts) {
        Integer[] order = new Integer[counts.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Integer.compare(counts[a], counts[b]));
        float[] percentile = new float[counts.length];
        int rank = 0;
        while (rank < order.length) {
            int end = rank;
            while (end + 1 < order.length && counts[order[end + 1]] == counts[order[rank]]) {
                end++;
            }
            // Ties share the mean of their ranks, so that every unrated movie sits at the same percentile.
            float value = order.length == 1 ? 100 : 100f * ((rank + end) / 2f) / (order.length - 1);
            for (int k = rank; k <= end; k++) {
                percentile[order[k]] = value;
            }
            rank = end + 1;
        }
        return percentile;
    }

    /** RMSE and MAE of predictions clamped to the rating scale [0.5, 5]. */
    public Metrics errors(RatingPredictor predictor) {
        double squared = 0;
        double absolute = 0;
        int[] test = split.test();
        for (int r : test) {
            double predicted = RatingScale.clamp(predictor.predict(data.user(r), data.item(r)));
            double error = predicted - data.rating(r);
            squared += error * error;
            absolute += Math.abs(error);
        }
        return Metrics.errorsOnly(Math.sqrt(squared / test.length), absolute / test.length);
    }

    public RankingMetrics ranking(ItemScorer scorer) {
        float[] scores = new float[data.itemCount()];
        int[] top = new int[K];
        double ndcg = 0;
        double recall = 0;
        double hits = 0;
        boolean[] recommended = new boolean[data.itemCount()];
        double percentileSum = 0;
        long recommendations = 0;
        for (int user : rankedUsers) {
            scorer.scores(user, scores);
            for (int k = trainOffsets[user]; k < trainOffsets[user + 1]; k++) {
                scores[trainItems[k]] = Float.NEGATIVE_INFINITY;
            }
            int found = topK(scores, top);
            int[] relevant = relevantByUser[user];
            int hitCount = 0;
            for (int rank = 0; rank < found; rank++) {
                recommended[top[rank]] = true;
                percentileSum += popularityPercentile[top[rank]];
                recommendations++;
                hitCount += contains(relevant, top[rank]) ? 1 : 0;
            }
            ndcg += ndcg(top, found, item -> contains(relevant, item), relevant.length);
            recall += (double) hitCount / relevant.length;
            hits += hitCount > 0 ? 1 : 0;
        }
        int users = rankedUsers.length;
        int covered = 0;
        for (boolean r : recommended) {
            covered += r ? 1 : 0;
        }
        return users == 0 ? new RankingMetrics(0, 0, 0, 0, 0, 0)
                : new RankingMetrics(ndcg / users, recall / users, hits / users, users,
                        (double) covered / data.itemCount(), recommendations == 0 ? 0 : percentileSum / recommendations);
    }

    /** How many of a user's best-scored movies a re-ranked top-10 is chosen from ({@link #tradeOffs}). */
    public static final int CANDIDATES = 100;

    /**
     * The ranking metrics of lists re-ranked as a caller would ask for them, one entry per knob setting:
     * each user's {@link #CANDIDATES} best-scored movies (scored once) re-ranked to 10 with the knobs
     * (marginal relevance by {@code alike}, the popularity discount by each movie's exposure in all the
     * evaluated users' candidate lists, {@link RecommendationExposure}, as the batch's lists are served),
     * with what the lists are like beside their accuracy: intra-list diversity (the mean pairwise
     * {@code 1 - alike} within a list), catalog coverage, mean popularity percentile and novelty (the mean
     * self-information {@code -log2} of the share of users who rated a listed movie).
     */
    public List<TradeOff> tradeOffs(ItemScorer scorer, List<ListReranker.Knobs> settings, ItemSimilarity alike) {
        float[] scores = new float[data.itemCount()];
        int[] candidates = new int[CANDIDATES];
        List<int[]> lists = new ArrayList<>(rankedUsers.length);
        List<double[]> listScores = new ArrayList<>(rankedUsers.length);
        for (int user : rankedUsers) {
            scorer.scores(user, scores);
            for (int k = trainOffsets[user]; k < trainOffsets[user + 1]; k++) {
                scores[trainItems[k]] = Float.NEGATIVE_INFINITY;
            }
            int count = topK(scores, candidates);
            double[] candidateScores = new double[count];
            for (int c = 0; c < count; c++) {
                candidateScores[c] = scores[candidates[c]];
            }
            lists.add(Arrays.copyOf(candidates, count));
            listScores.add(candidateScores);
        }
        Map<Integer, Double> exposure = RecommendationExposure.of(lists, listScores, K);
        int[] top = new int[K];
        ListTotals[] totals = new ListTotals[settings.size()];
        Arrays.setAll(totals, s -> new ListTotals(data.itemCount()));
        for (int u = 0; u < rankedUsers.length; u++) {
            int[] list = lists.get(u);
            double[] popularity = new double[list.length];
            for (int c = 0; c < list.length; c++) {
                popularity[c] = exposure.get(list[c]);
            }
            for (int s = 0; s < settings.size(); s++) {
                int[] order = ListReranker.rerank(K, settings.get(s), listScores.get(u), popularity,
                        (a, b) -> alike.between(list[a], list[b]));
                for (int rank = 0; rank < order.length; rank++) {
                    top[rank] = list[order[rank]];
                }
                totals[s].add(top, order.length, relevantByUser[rankedUsers[u]], alike);
            }
        }
        List<TradeOff> result = new ArrayList<>();
        for (int s = 0; s < settings.size(); s++) {
            result.add(totals[s].tradeOff(settings.get(s), Math.max(1, rankedUsers.length)));
        }
        return result;
    }

    /** Sums over the evaluated users' lists of one knob setting. */
    private final class ListTotals {
        private final boolean[] recommended;
        private double ndcg;
        private double recall;
        private double diversity;
        private double novelty;
        private double percentileSum;
        private long listed;

        ListTotals(int itemCount) {
            recommended = new boolean[itemCount];
        }

        void add(int[] top, int found, int[] relevant, ItemSimilarity alike) {
            int hitCount = 0;
            double pairs = 0;
            double distance = 0;
            for (int rank = 0; rank < found; rank++) {
                int item = top[rank];
                recommended[item] = true;
                percentileSum += popularityPercentile[item];
                novelty += -log2(Math.max(1, trainCounts[item]) / (double) data.userCount());
                listed++;
                hitCount += contains(relevant, item) ? 1 : 0;
                for (int other = rank + 1; other < found; other++) {
                    distance += 1 - alike.between(item, top[other]);
                    pairs++;
                }
            }
            diversity += pairs == 0 ? 0 : distance / pairs;
            ndcg += ndcg(top, found, item -> contains(relevant, item), relevant.length);
            recall += (double) hitCount / relevant.length;
        }

        TradeOff tradeOff(ListReranker.Knobs knobs, int users) {
            int covered = 0;
            for (boolean r : recommended) {
                covered += r ? 1 : 0;
            }
            long items = Math.max(1, listed);
            return new TradeOff(knobs.diversity(), knobs.novelty(), ndcg / users, recall / users,
                    (double) covered / data.itemCount(), percentileSum / items, diversity / users, novelty / items);
        }
    }

    /** How alike two movies are by dense index: 1 the same kind, 0 unrelated. */
    @FunctionalInterface
    public interface ItemSimilarity {
        double between(int a, int b);
    }

    /** One knob setting and what its lists measured ({@link #tradeOff}). */
    public record TradeOff(double diversity, double novelty, double ndcgAt10, double recallAt10, double coverageAt10,
                           double popularityPercentile, double intraListDiversity, double noveltyBits) {
    }

    public int rankedUserCount() {
        return rankedUsers.length;
    }

    static int topK(float[] scores, int[] top) {
        return TopK.select(scores, top);
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /** NDCG@K with binary relevance of a ranked list ({@code found} items of {@code ranked}). */
    static double ndcg(int[] ranked, int found, java.util.function.IntPredicate relevant, int relevantCount) {
        double dcg = 0;
        for (int rank = 0; rank < found; rank++) {
            if (relevant.test(ranked[rank])) {
                dcg += 1 / log2(rank + 2);
            }
        }
        double ideal = 0;
        for (int rank = 0; rank < Math.min(relevantCount, K); rank++) {
            ideal += 1 / log2(rank + 2);
        }
        return dcg / ideal;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
