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
}
