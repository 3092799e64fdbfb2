package dev.recsys.recommendation.experiment;

/**
 * Which variant of an experiment a user sees: a hash of (experiment id, user id) into 10,000
 * buckets, split by the variants' shares in order. Deterministic, so every replica assigns the same
 * variant without coordination, and sticky: a user keeps their variant for the whole experiment.
 * A new experiment reshuffles users (its id is in the hash), so one experiment's variants carry no
 * users over from the previous one's.
 */
public final class Assignment {

    /** Buckets per experiment: shares are whole percents, so each percent is 100 buckets. */
    static final int BUCKETS = 10_000;

    private Assignment() {
    }

    /** The user's bucket in {@code [0, 10000)} for this experiment. */
    public static int bucket(long experimentId, int userId) {
        long hash = mix(experimentId * 0x9E3779B97F4A7C15L + userId);
        return (int) Long.remainderUnsigned(hash, BUCKETS);
    }

    /** The variant the user sees in {@code experiment}. */
    public static Experiment.Variant variantOf(Experiment experiment, int userId) {
        int bucket = bucket(experiment.id(), userId);
        int upper = 0;
        for (Experiment.Variant variant : experiment.variants()) {
            upper += variant.share() * (BUCKETS / 100);
            if (bucket < upper) {
                return variant;
            }
        }
        return experiment.variants().get(experiment.variants().size() - 1);
    }

    /** SplitMix64's finaliser: every input bit reaches every output bit, so neighbouring user ids scatter. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
