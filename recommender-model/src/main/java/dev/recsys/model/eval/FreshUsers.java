package dev.recsys.model.eval;

import dev.recsys.model.TopK;
import dev.recsys.model.data.RatingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The "fresh users" protocol (docs/architecture.md): a seeded share of users is kept out of the
 * evaluated fit altogether, as if they signed up after training. Each then gives their first
 * {@link #GIVEN} ratings by time; the movies they rated later at or above the relevance threshold are
 * what a list from those ten ratings should find. NDCG@10 and Recall@10 over those users, for any
 * scorer that reads only the given ratings.
 */
public final class FreshUsers {

    /** How many ratings (the first by time) a fresh user gives. */
    public static final int GIVEN = 10;

    /** Scores every movie (dense index) from a fresh user's given ratings; higher ranks first. */
    @FunctionalInterface
    public interface Scorer {
        void scores(int[] items, float[] ratings, float[] out);
    }

    private final RatingData data;
    private final boolean[] fresh;
    /** Per evaluated fresh user: the given ratings (indices into {@code data}) and the relevant later movies. */
    private final List<int[]> given = new ArrayList<>();
    private final List<int[]> relevant = new ArrayList<>();

    private FreshUsers(RatingData data, boolean[] fresh) {
        this.data = data;
        this.fresh = fresh;
    }

    /**
     * Picks {@code fraction} of the users with more than {@link #GIVEN} ratings (seeded), and for each
     * one with a later rating of at least {@code relevantAt}, their given ratings and relevant movies.
     */
    public static FreshUsers select(RatingData data, double fraction, long seed, float relevantAt) {
        return select(data, fraction, seed, relevantAt, GIVEN);
    }

    /** As {@link #select(RatingData, double, long, float)}, each fresh user giving {@code givenCount} ratings. */
    public static FreshUsers select(RatingData data, double fraction, long seed, float relevantAt, int givenCount) {
        List<List<Integer>> byUser = new ArrayList<>(data.userCount());
        for (int u = 0; u < data.userCount(); u++) {
            byUser.add(new ArrayList<>());
        }
        for (int r = 0; r < data.size(); r++) {
            byUser.get(data.user(r)).add(r);
        }
        boolean[] fresh = new boolean[data.userCount()];
        FreshUsers users = new FreshUsers(data, fresh);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int u = 0; u < data.userCount(); u++) {
            List<Integer> ratings = byUser.get(u);
            if (ratings.size() <= givenCount || random.nextDouble() >= fraction) {
                continue;
            }
            fresh[u] = true;
            ratings.sort((a, b) -> data.timestamp(a) != data.timestamp(b)
                    ? Long.compare(data.timestamp(a), data.timestamp(b)) : Integer.compare(a, b));
            int[] later = ratings.subList(givenCount, ratings.size()).stream().mapToInt(Integer::intValue)
                    .filter(r -> data.rating(r) >= relevantAt).map(data::item).toArray();
            if (later.length > 0) {
                users.given.add(ratings.subList(0, givenCount).stream().mapToInt(Integer::intValue).toArray());
                users.relevant.add(later);
            }
        }
        return users;
    }

    /** How many fresh users the metrics average over. */
    public int evaluatedCount() {
        return given.size();
    }

    /** The split without any rating of a fresh user: what the evaluated fit and the other protocols see. */
    public Split without(Split split) {
        return new Split(keep(split.train()), keep(split.test()));
    }

    private int[] keep(int[] ratings) {
        return Arrays.stream(ratings).filter(r -> !fresh[data.user(r)]).toArray();
    }

    /** NDCG@10, Recall@10 and HitRate@10 of the scorer's lists from each fresh user's given ratings. */
    public Metrics.RankingMetrics ranking(Scorer scorer) {
        float[] scores = new float[data.itemCount()];
        int[] top = new int[Evaluator.K];
        boolean[] recommended = new boolean[data.itemCount()];
        double ndcg = 0;
        double recall = 0;
        double hits = 0;
        for (int u = 0; u < given.size(); u++) {
            int[] ratings = given.get(u);
            int[] items = Arrays.stream(ratings).map(data::item).toArray();
            float[] values = new float[ratings.length];
            for (int k = 0; k < ratings.length; k++) {
                values[k] = data.rating(ratings[k]);
            }
            scorer.scores(items, values, scores);
            for (int item : items) {
                scores[item] = Float.NEGATIVE_INFINITY;
            }
            int found = TopK.select(scores, top);
            int[] wanted = relevant.get(u);
            int hitCount = 0;
            for (int rank = 0; rank < found; rank++) {
                recommended[top[rank]] = true;
                hitCount += contains(wanted, top[rank]) ? 1 : 0;
            }
            ndcg += Evaluator.ndcg(top, found, item -> contains(wanted, item), wanted.length);
            recall += (double) hitCount / wanted.length;
            hits += hitCount > 0 ? 1 : 0;
        }
        int n = given.size();
        int covered = 0;
        for (boolean r : recommended) {
            covered += r ? 1 : 0;
        }
        return n == 0 ? new Metrics.RankingMetrics(0, 0, 0, 0, 0, 0)
                : new Metrics.RankingMetrics(ndcg / n, recall / n, hits / n, n, (double) covered / data.itemCount(), 0);
    }

    /** The most-rated movies of {@code train} first: the list every newcomer gets without this protocol's fix. */
    public static Scorer mostPopular(RatingData data, int[] train) {
        float[] counts = new float[data.itemCount()];
        for (int r : train) {
            counts[data.item(r)]++;
        }
        return (items, ratings, out) -> System.arraycopy(counts, 0, out, 0, counts.length);
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
