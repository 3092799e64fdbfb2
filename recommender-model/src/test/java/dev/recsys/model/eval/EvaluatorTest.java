package dev.recsys.model.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recsys.model.data.RatingData;
import dev.recsys.model.eval.Metrics.RankingMetrics;
import org.junit.jupiter.api.Test;

/** Each metric against values computed by hand. */
class EvaluatorTest {

    private static final double EPS = 1e-9;

    /**
     * Users 0 and 1, items 0..11. Ratings 0-5 train, 6-9 test:
     * user 0 trains on items 0 and 1, holds out item 2 (5.0, relevant), item 3 (4.0, relevant), item 4 (2.0);
     * user 1 trains on items 0, 5, 6, holds out item 7 (4.5, relevant).
     */
    private static final int[] USERS = {0, 0, 1, 1, 1, 0, 0, 0, 0, 1};
    private static final int[] ITEMS = {0, 1, 0, 5, 6, 11, 2, 3, 4, 7};
    private static final float[] RATINGS = {4, 3, 5, 2, 4, 3, 5, 4, 2, 4.5f};

    private static RatingData data() {
        return data(12);
    }

    private static RatingData data(int itemCount) {
        int[] itemIds = new int[itemCount];
        for (int i = 0; i < itemCount; i++) {
            itemIds[i] = 100 + i;
        }
        int[] rawUsers = new int[USERS.length];
        int[] rawItems = new int[ITEMS.length];
        for (int r = 0; r < USERS.length; r++) {
            rawUsers[r] = 7 + USERS[r];
            rawItems[r] = 100 + ITEMS[r];
        }
        return RatingData.fromIds(rawUsers, rawItems, RATINGS, new long[USERS.length], itemIds);
    }

    private static final Split SPLIT = new Split(new int[] {0, 1, 2, 3, 4, 5}, new int[] {6, 7, 8, 9});

    @Test
    void rmseAndMaeOverHeldOutRatingsClampedToTheScale() {
        Evaluator evaluator = new Evaluator(data(), SPLIT, 100, 1);
        // Predicting 4 everywhere: errors 1, 0, 2, 0.5 -> RMSE sqrt((1 + 0 + 4 + 0.25) / 4), MAE 3.5 / 4.
        Metrics constant = evaluator.errors((u, i) -> 4.0);
        assertEquals(Math.sqrt(5.25 / 4), constant.rmse(), EPS);
        assertEquals(3.5 / 4, constant.mae(), EPS);
        // 7 is clamped to 5: errors 0, 1, 3, 0.5.
        Metrics clamped = evaluator.errors((u, i) -> 7.0);
        assertEquals(Math.sqrt((0 + 1 + 9 + 0.25) / 4), clamped.rmse(), EPS);
    }

    @Test
    void rankingMetricsExcludeTrainingItemsAndAverageOverUsers() {
        Evaluator evaluator = new Evaluator(data(), SPLIT, 100, 1);
        // Scores: item index as score, so higher items rank first; training items are excluded.
        // User 0 (train 0, 1, 11): ranking 10, 9, 8, 7, 6, 5, 4, 3, 2 -> relevant 3 at rank 8, 2 at rank 9.
        //   DCG = 1/log2(9) + 1/log2(10); IDCG = 1/log2(2) + 1/log2(3); recall 2/2; hit 1.
        // User 1 (train 0, 5, 6): top 10 = 11, 10, 9, 8, 7, 4, 3, 2, 1 -> relevant 7 at rank 5.
        //   DCG = 1/log2(6); IDCG = 1; recall 1; hit 1.
        RankingMetrics ranking = evaluator.ranking((u, out) -> {
            for (int i = 0; i < out.length; i++) {
                out[i] = i;
            }
        });
        double user0 = (1 / log2(9) + 1 / log2(10)) / (1 + 1 / log2(3));
        double user1 = 1 / log2(6);
        assertEquals(2, ranking.users());
        assertEquals((user0 + user1) / 2, ranking.ndcg(), EPS);
        assertEquals(1.0, ranking.recall(), EPS);
        assertEquals(1.0, ranking.hitRate(), EPS);
    }

    @Test
    void aMissedRelevantItemCountsAgainstRecallAndHitRate() {
        // 15 items: user 1 has 12 candidates, and item 7, scored lowest, falls outside the top 10.
        Evaluator evaluator = new Evaluator(data(15), SPLIT, 100, 1);
        RankingMetrics ranking = evaluator.ranking((u, out) -> {
            for (int i = 0; i < out.length; i++) {
                out[i] = -i;
            }
            out[7] = -100;
        });
        // User 0: candidates 2, 3, 4, ... ranked by -index: relevant 2 and 3 at ranks 1 and 2 -> NDCG 1.
        // User 1: miss -> NDCG 0, recall 0, hit 0.
        assertEquals(0.5, ranking.ndcg(), EPS);
        assertEquals(0.5, ranking.recall(), EPS);
        assertEquals(0.5, ranking.hitRate(), EPS);
    }

    @Test
    void partialRecallWhenOneOfTwoRelevantItemsIsFound() {
        Evaluator evaluator = new Evaluator(data(15), SPLIT, 100, 1);
        RankingMetrics ranking = evaluator.ranking((u, out) -> {
            for (int i = 0; i < out.length; i++) {
                out[i] = -i;
            }
            out[3] = -100;   // user 0's second relevant item drops out of the top 10
        });
        // User 0: item 2 at rank 1: DCG 1, IDCG 1 + 1/log2(3); recall 1/2. User 1: item 7 at rank 4
        // (candidates 1, 2, 4, 7, ...): DCG 1/log2(5); recall 1.
        assertEquals((1 / (1 + 1 / log2(3)) + 1 / log2(5)) / 2, ranking.ndcg(), EPS);
        assertEquals((0.5 + 1) / 2, ranking.recall(), EPS);
        assertEquals(1.0, ranking.hitRate(), EPS);
    }

    @Test
    void rankingUsesAtMostTheGivenNumberOfUsers() {
        assertEquals(1, new Evaluator(data(), SPLIT, 1, 3).rankedUserCount());
        assertEquals(2, new Evaluator(data(), SPLIT, 5, 3).rankedUserCount());
    }

    @Test
    void topKKeepsTheHighestScoresInOrderWithTiesByIndex() {
        int[] top = new int[3];
        float[] scores = {1, 5, Float.NEGATIVE_INFINITY, 5, 2, 9};
        assertEquals(3, Evaluator.topK(scores, top));
        assertArrayEquals(new int[] {5, 1, 3}, top);
        int[] few = new int[10];
        assertEquals(5, Evaluator.topK(scores, few));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void coverageAndPopularityPercentileOfTheTopLists() {
        Evaluator evaluator = new Evaluator(data(), SPLIT, 100, 1);
        RankingMetrics metrics = evaluator.ranking((u, out) -> {
            for (int i = 0; i < out.length; i++) {
                out[i] = i;
            }
        });
        // User 0's list: items 10..2 (9 unrated); user 1's: 11..7, 4..1. Together every item but item 0.
        assertEquals(11.0 / 12, metrics.coverage(), EPS);
        // Training counts: item 0 twice; items 1, 5, 6, 11 once (tied ranks 7..10 -> percentile 8.5/11);
        // the 7 others never (ranks 0..6 -> 3/11). Each list has 7 never-rated and 2 once-rated movies.
        double never = 100 * 3.0 / 11;
        double once = 100 * 8.5 / 11;
        assertEquals((14 * never + 4 * once) / 18, metrics.popularityPercentile(), 1e-6);
    }
}
