package dev.recsys.model.eval;

import dev.recsys.model.data.RatingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which ratings train the model and which are held out to evaluate it (docs/architecture.md): {@code random}
 * holds out a seeded random fraction of all ratings; {@code temporal} holds out each user's latest
 * fraction (rounded down, so a user with fewer than 1/fraction ratings keeps them all).
 */
public record Split(int[] train, int[] test) {

    public enum Kind { RANDOM, TEMPORAL }

    public static Split of(RatingData data, Kind kind, double holdoutFraction, long seed) {
        int[] all = new int[data.size()];
        Arrays.setAll(all, r -> r);
        return of(data, all, kind, holdoutFraction, seed);
    }

    /** The same split of a subset of the ratings (indices into {@code data}): how tuning carves its validation set. */
    public static Split of(RatingData data, int[] ratings, Kind kind, double holdoutFraction, long seed) {
        if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
            throw new IllegalArgumentException("holdoutFraction must be between 0 and 1 (exclusive)");
        }
        return kind == Kind.RANDOM ? random(ratings, holdoutFraction, seed) : temporal(data, ratings, holdoutFraction);
    }

    private static Split random(int[] ratings, double fraction, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] train = new int[ratings.length];
        int[] test = new int[ratings.length];
        int trainCount = 0;
        int testCount = 0;
        for (int r : ratings) {
            if (random.nextDouble() < fraction) {
                test[testCount++] = r;
            } else {
                train[trainCount++] = r;
            }
        }
        return new Split(Arrays.copyOf(train, trainCount), Arrays.copyOf(test, testCount));
    }

    private static Split temporal(RatingData data, int[] ratings, double fraction) {
        List<List<Integer>> byUser = new ArrayList<>(data.userCount());
        for (int u = 0; u < data.userCount(); u++) {
            byUser.add(new ArrayList<>());
        }
        for (int r : ratings) {
            byUser.get(data.user(r)).add(r);
        }
        int[] train = new int[ratings.length];
        int[] test = new int[ratings.length];
        int trainCount = 0;
        int testCount = 0;
        for (List<Integer> userRatings : byUser) {
            // Latest last; ties broken by rating index so the split is deterministic.
            userRatings.sort((a, b) -> data.timestamp(a) != data.timestamp(b)
                    ? Long.compare(data.timestamp(a), data.timestamp(b)) : Integer.compare(a, b));
            int held = (int) Math.floor(userRatings.size() * fraction);
            for (int k = 0; k < userRatings.size(); k++) {
                if (k >= userRatings.size() - held) {
                    test[testCount++] = userRatings.get(k);
                } else {
                    train[trainCount++] = userRatings.get(k);
                }
            }
        }
        int[] trainSorted = Arrays.copyOf(train, trainCount);
        int[] testSorted = Arrays.copyOf(test, testCount);
        Arrays.sort(trainSorted);
        Arrays.sort(testSorted);
        return new Split(trainSorted, testSorted);
    }
}
