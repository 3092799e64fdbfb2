package dev.recsys.model.implicit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.recsys.model.DenseSystem;
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
            EaseModel graded = EaseModel.solve(EaseModel.gram(histories, liked, 2, 100, false), 2, 2.0, manager);
            assertFalse(graded.readsLiked());
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

            // Liked movies as inputs too: target 10 regressed on (rated 20, liked 20). Gram
            // [[6 + 2, 3], [3, 3 + 2]], right-hand side (6, 3): weights 21/31 (rated) and 6/31 (liked).
            EaseModel withLiked = EaseModel.fit(histories, liked, 2, 2.0, 100, manager);
            assertTrue(withLiked.readsLiked());
            float[] bySlot = new float[2];
            withLiked.slotScores(new int[] {1}, new int[0], bySlot);   // rated 20, did not like it
            assertArrayEquals(new float[] {21f / 31, 0}, bySlot, 1e-4f);
            withLiked.slotScores(new int[] {1}, new int[] {1}, bySlot);   // rated and liked 20
            assertArrayEquals(new float[] {27f / 31, 0}, bySlot, 1e-4f);
            // Nobody liked 10, so its liked input carries nothing: target 20 as before, (6 + 3) / (8 + 2).
            withLiked.slotScores(new int[] {0}, new int[0], bySlot);
            assertArrayEquals(new float[] {0, 0.9f}, bySlot, 1e-4f);
        }
    }

    /**
     * With liked movies as inputs, each column j of the head is the ridge regression of the graded
     * target (rated + liked) on every other movie's rated and liked inputs, the movie's own two left
     * out: checked against that regression solved directly, on random data with 6 movies.
     */
    @Test
    void likedInputsAreARidgeRegressionWithoutTheMovieItself() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int movies = 6;
        int userCount = 60;
        List<float[]> rows = new ArrayList<>();
        for (int u = 0; u < userCount; u++) {
            for (int i = 0; i < movies; i++) {
                if (random.nextDouble() < 0.5) {
                    rows.add(new float[] {u, i, random.nextDouble() < 0.5 ? 4.5f : 2.5f});
                }
            }
        }
        int n = rows.size();
        RatingData data = RatingData.fromIds(rows.stream().mapToInt(r -> (int) r[0]).toArray(),
                rows.stream().mapToInt(r -> (int) r[1]).toArray(), toFloats(rows, 2), new long[n],
                java.util.stream.IntStream.range(0, movies).toArray());
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        UserHistories histories = UserHistories.of(data, all);
        UserHistories liked = UserHistories.liked(data, all);
        double lambda = 3;
        // Inputs per user: rated (0/1) for each movie, then liked (0/1); targets rated + liked.
        double[][] inputs = new double[histories.userCount()][2 * movies];
        for (int u = 0; u < histories.userCount(); u++) {
            for (int item : histories.items(u)) {
                inputs[u][item] = 1;
            }
            for (int item : liked.items(u)) {
                inputs[u][movies + item] = 1;
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            EaseModel model = EaseModel.fit(histories, liked, movies, lambda, 100, manager);
            assertEquals(movies, model.modelledCount());
            for (int target = 0; target < movies; target++) {
                int[] kept = new int[2 * movies - 2];
                int k = 0;
                for (int f = 0; f < 2 * movies; f++) {
                    if (f != target && f != movies + target) {
                        kept[k++] = f;
                    }
                }
                double[][] a = new double[kept.length][kept.length];
                double[] b = new double[kept.length];
                for (double[] x : inputs) {
                    double y = x[target] + x[movies + target];
                    for (int p = 0; p < kept.length; p++) {
                        b[p] += x[kept[p]] * y;
                        for (int q = 0; q < kept.length; q++) {
                            a[p][q] += x[kept[p]] * x[kept[q]];
                        }
                    }
                }
                for (int p = 0; p < kept.length; p++) {
                    a[p][p] += lambda;
                }
                double[] expected = DenseSystem.solve(a, b);
                float[] bySlot = new float[movies];
                for (int p = 0; p < kept.length; p++) {
                    int feature = kept[p];
                    int movie = feature % movies;
                    boolean likedInput = feature >= movies;
                    model.slotScores(likedInput ? new int[0] : new int[] {movie}, likedInput ? new int[] {movie} : new int[0],
                            bySlot);
                    assertEquals(expected[p], bySlot[target], 1e-3, "weight of input " + feature + " for movie " + target);
                }
                model.slotScores(new int[] {target}, new int[] {target}, bySlot);
                assertEquals(0, bySlot[target], 1e-6, "movie " + target + " does not predict itself");
            }
        }
    }

    private static float[] toFloats(List<float[]> rows, int column) {
        float[] values = new float[rows.size()];
        for (int r = 0; r < values.length; r++) {
            values[r] = rows.get(r)[column];
        }
        return values;
    }
}
