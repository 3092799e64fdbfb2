package dev.recsys.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.data.RatingData;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    @Test
    void meanBiasAndPopularityOnATinyMatrix() {
        // Two users, two items: user 7 rates 5 and 4, user 8 rates 3 (item 101 only).
        RatingData data = RatingData.fromIds(new int[] {7, 7, 8}, new int[] {100, 101, 101},
                new float[] {5, 4, 3}, new long[3], null);
        int[] all = {0, 1, 2};
        assertEquals(4.0, Baselines.globalMean(data, all), 1e-9);
        float[] popularity = Baselines.popularity(data, all);
        assertEquals(1, popularity[0]);
        assertEquals(2, popularity[1]);

        Baselines.BiasModel bias = Baselines.bias(data, all);
        // User 7 rates above the mean, user 8 below: the signs follow, shrunk by regularisation.
        assertTrue(bias.userBias()[0] > 0 && bias.userBias()[1] < 0);
        assertTrue(bias.userBias()[0] < 1 && bias.userBias()[1] > -1);
        assertEquals(4.0, bias.mean(), 1e-9);
    }

    @Test
    void splitsHoldOutTheRequestedShare() {
        int n = 10_000;
        int[] users = new int[n];
        int[] items = new int[n];
        long[] times = new long[n];
        for (int r = 0; r < n; r++) {
            users[r] = r % 100;
            items[r] = r / 100;
            times[r] = r;
        }
        RatingData data = RatingData.fromIds(users, items, new float[n], times, null);
        Split random = Split.of(data, Split.Kind.RANDOM, 0.1, 42);
        assertEquals(n, random.train().length + random.test().length);
        assertTrue(Math.abs(random.test().length - 1000) < 100, "about 10%: " + random.test().length);
        assertEquals(random.test().length, Split.of(data, Split.Kind.RANDOM, 0.1, 42).test().length, "seeded");

        Split temporal = Split.of(data, Split.Kind.TEMPORAL, 0.1, 42);
        // Each user has 100 ratings: the latest 10 of each are held out.
        assertEquals(1000, temporal.test().length);
        for (int r : temporal.test()) {
            assertTrue(data.item(r) >= 90, "only each user's latest ratings are held out");
        }
    }

    @Test
    void itemKnnSumsCosineSimilaritiesToTheRatedMovies() {
        // Movie 1 rated by users 1-6, movie 2 by users 1-5, movie 3 by users 2-6 (each has the 5 ratings
        // the item-item references need). Cosines: (1,2) = 5/sqrt(30), (1,3) = 5/sqrt(30), (2,3) = 4/5.
        java.util.List<int[]> pairs = new java.util.ArrayList<>();
        for (int u = 1; u <= 6; u++) {
            pairs.add(new int[] {u, 1});
            if (u <= 5) {
                pairs.add(new int[] {u, 2});
            }
            if (u >= 2) {
                pairs.add(new int[] {u, 3});
            }
        }
        int n = pairs.size();
        RatingData data = RatingData.fromIds(pairs.stream().mapToInt(p -> p[0]).toArray(),
                pairs.stream().mapToInt(p -> p[1]).toArray(), new float[n], new long[n], null);
        int[] all = new int[n];
        java.util.Arrays.setAll(all, r -> r);
        Evaluator.ItemScorer knn = Baselines.itemKnn(dev.recsys.model.data.UserHistories.of(data, all), 3, 100);
        float[] out = new float[3];
        knn.scores(data.userIndex(1), out);   // user 1 rated movies 1 and 2
        double c12 = 5 / Math.sqrt(30);
        assertEquals(c12, out[0], 1e-6);
        assertEquals(c12, out[1], 1e-6);
        assertEquals(c12 + 0.8, out[2], 1e-6);
    }
}
