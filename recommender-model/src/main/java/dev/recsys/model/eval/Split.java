package dev.recsys.model.eval;

import dev.recsys.model.data.RatingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which ratings train the model and which are held out to evaluate it (DESIGN §4): {@code random}
 * holds out a seeded random fraction of all ratings; {@code temporal} holds out each user's latest
 * fraction (rounded down, so a user with fewer than 1/fraction ratings keeps them all).
 */
public record Split(int[] train, int[] test) {

    public enum Kind { RANDOM, TEMPORAL }

    public static Split of(RatingData data, Kind kind, double holdoutFraction, long seed) {
        if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
            throw new IllegalArgumentException("holdoutFraction must be between 0 and 1 (exclusive)");
        }
        return kind == Kind.RANDOM ? random(data, holdoutFraction, seed) : temporal(data, holdoutFraction);
    }

    private static Split random(RatingData data, double fraction, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] train = new int[data.size()];
        int[] test = new int[data.size()];
        int trainCount = 0;
        int testCount = 0;
        for (int r = 0; r < data.size(); r++) {
            if (random.nextDouble() < fraction) {
                test[testCount++] = r;
            } else {
                train[trainCount++] = r;
            }
        }
        return new Split(Arrays.copyOf(train, trainCount), Arrays.copyOf(test, testCount));
    }

    private static Split temporal(RatingData data, double fraction) {
        List<List<Integer>> byUser = new ArrayList<>(data.userCount());
        for (int u = 0; u < data.userCount(); u++) {
            byUser.add(new ArrayList<>());
        }
        for (int r = 0; r < data.size(); r++) {
            byUser.get(data.user(r)).add(r);
        }
        int[] train = new int[data.size()];
        int[] test = new int[data.size()];
        int trainCount = 0;
        int testCount = 0;
        for (List<Integer> ratings : byUser) {
            // Latest last; ties broken by rating index so the split is deterministic.
            ratings.sort((a, b) -> data.timestamp(a) != data.timestamp(b)
                    ? Long.compare(data.timestamp(a), data.timestamp(b)) : Integer.compare(a, b));
            int held = (int) Math.floor(ratings.size() * fraction);
            for (int k = 0; k < ratings.size(); k++) {
                if (k >= ratings.size() - held) {
                    test[testCount++] = ratings.get(k);
                } else {
                    train[trainCount++] = ratings.get(k);
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
