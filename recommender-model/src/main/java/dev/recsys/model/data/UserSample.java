package dev.recsys.model.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded sample of whole users, for the work that only has to choose settings or check a
 * protocol (tuning, the cold-movie check) and would otherwise cost several full trainings on a
 * large catalog. Whole users keep each sampled user's history intact, which the item-item head and
 * early stopping need.
 */
public final class UserSample {

    private UserSample() {
    }

    /**
     * The ratings (indices into {@code data}, a subset of {@code ratings}, in their order) of randomly
     * chosen users, added while the total stays at most {@code maxRatings}; all of them when they fit.
     */
    public static int[] of(RatingData data, int[] ratings, int maxRatings, long seed) {
        if (ratings.length <= maxRatings) {
            return ratings;
        }
        int[] perUser = new int[data.userCount()];
        for (int r : ratings) {
            perUser[data.user(r)]++;
        }
        int[] users = new int[data.userCount()];
        Arrays.setAll(users, u -> u);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = users.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = users[i];
            users[i] = users[j];
            users[j] = t;
        }
        boolean[] chosen = new boolean[data.userCount()];
        long total = 0;
        for (int u : users) {
            if (perUser[u] > 0 && total + perUser[u] <= maxRatings) {
                chosen[u] = true;
                total += perUser[u];
            }
        }
        return Arrays.stream(ratings).filter(r -> chosen[data.user(r)]).toArray();
    }
}
