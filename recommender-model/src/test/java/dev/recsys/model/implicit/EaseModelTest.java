package dev.recsys.model.implicit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.recsys.model.data.RatingData;
import dev.recsys.model.data.UserHistories;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EaseModelTest {

    static {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    /**
     * Two modelled movies: for 2×2, B_ab = g_ab / (g_aa + λ). Users 1–6 rated movies 10 and 20,
     * users 7–8 only movie 10, user 8 also movie 30 (one rating: not modelled).
     */
    @Test
    void matchesTheClosedFormOnTwoMovies() {
        List<int[]> pairs = new ArrayList<>();
        for (int u = 1; u <= 6; u++) {
            pairs.add(new int[] {u, 10});
            pairs.add(new int[] {u, 20});
        }
        pairs.add(new int[] {7, 10});
        pairs.add(new int[] {8, 10});
        pairs.add(new int[] {8, 30});
        int n = pairs.size();
        int[] users = pairs.stream().mapToInt(p -> p[0]).toArray();
        int[] items = pairs.stream().mapToInt(p -> p[1]).toArray();
        RatingData data = RatingData.fromIds(users, items, new float[n], new long[n], new int[] {10, 20, 30});
        int[] all = new int[n];
        java.util.Arrays.setAll(all, r -> r);
        UserHistories histories = UserHistories.of(data, all);
        try (NDManager manager = NDManager.newBaseManager()) {
            EaseModel model = EaseModel.fit(histories, 3, 2.0, 100, manager);
            assertEquals(2, model.modelledCount());
            assertFalse(model.models(2));
            float[] out = new float[3];
            model.addScores(new int[] {0}, out);   // rated movie 10: score of 20 = 6 / (8 + 2)
            assertArrayEquals(new float[] {0, 0.6f, 0}, out, 1e-4f);
            out = new float[3];
            model.addScores(new int[] {1, 2}, out);   // rated 20 (and the unmodelled 30): score of 10 = 6 / (6 + 2)
            assertArrayEquals(new float[] {0.75f, 0, 0}, out, 1e-4f);
            // Capped at one movie, nothing co-occurs: no head.
            assertNull(EaseModel.fit(histories, 3, 2.0, 1, manager));
            assertTrue(EaseModel.modelledItems(histories, 3, EaseModel.MIN_RATINGS, 1).length == 1);
        }
    }

    /**
     * Graded targets on two movies: column b is regressed on column a alone, so
     * B_ab = (g_ab + c_ab) / (g_aa + λ) with c_ab the users who rated a and liked b.
     * Users 1–6 rated movies 10 and 20; users 1–3 liked 20 (5 stars), 4–6 did not (2 stars);
     * nobody liked 10 (3 stars); users 7–8 rated only 10.
     */
    @Test
    void likedMoviesCountTwiceAsTargets() {
        List<float[]> rows = new ArrayList<>();
        for (int u = 1; u <= 8; u++) {
            rows.add(new float[] {u, 10, 3});
        }
        for (int u = 1; u <= 6; u++) {
            rows.add(new float[] {u, 20, u <= 3 ? 5 : 2});
        }
        int n = rows.size();
        int[] users = rows.stream().mapToInt(r -> (int) r[0]).toArray();
        int[] items = rows.stream().mapToInt(r -> (int) r[1]).toArray();
        float[] ratings = new float[n];
        for (int r = 0; r < n; r++) {
            ratings[r] = rows.get(r)[2];
        }
        RatingData data = RatingData.fromIds(users, items, ratings, new long[n], new int[] {10, 20});
        int[] all = new int[n];
        java.util.Arrays.setAll(all, r -> r);
        UserHistories histories = UserHistories.of(data, all);
        UserHistories liked = UserHistories.liked(data, all);
        assertEquals(3, java.util.stream.IntStream.range(0, histories.userCount()).map(u -> liked.size(u)).sum());
        try (NDManager manager = NDManager.newBaseManager()) {
            EaseModel graded = EaseModel.fit(histories, liked, 2, 2.0, 100, manager);
            float[] out = new float[2];
            graded.addScores(new int[] {0}, out);   // rated 10: score of 20 = (6 + 3) / (8 + 2)
            assertArrayEquals(new float[] {0, 0.9f}, out, 1e-4f);
            out = new float[2];
            graded.addScores(new int[] {1}, out);   // rated 20: score of 10 = (6 + 0) / (6 + 2), as plain EASE
            assertArrayEquals(new float[] {0.75f, 0}, out, 1e-4f);
            EaseModel plain = EaseModel.fit(histories, 2, 2.0, 100, manager);
            out = new float[2];
            plain.addScores(new int[] {0}, out);   // plain EASE: 6 / (8 + 2)
            assertArrayEquals(new float[] {0, 0.6f}, out, 1e-4f);
        }
    }
}
