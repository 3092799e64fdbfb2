package dev.recsys.model.rerank;

/**
 * Re-ranks a ranked candidate list on request: {@code diversity} by maximal marginal relevance (each
 * next movie is the one whose relevance, less its similarity to the movies already chosen, is
 * highest; Carbonell and Goldstein, 1998) and {@code novelty} by a discount on popularity. Relevance
 * is read from the candidates' order (the first is 1, the last 0), so a stored list whose scores
 * were not kept can be re-ranked at read time as well as a freshly scored one; both knobs at 0 keep
 * the order as it is.
 */
public final class ListReranker {

    private ListReranker() {
    }

    /**
     * What a caller asks for.
     *
     * @param diversity 0-1: the weight of "unlike the movies above it" against relevance
     * @param novelty   0-1: how much of a movie's popularity (its percentile, 0-1) is taken off its relevance
     */
    public record Knobs(double diversity, double novelty) {

        public static final Knobs NONE = new Knobs(0, 0);

        public Knobs {
            if (!(diversity >= 0 && diversity <= 1) || !(novelty >= 0 && novelty <= 1)) {
                throw new IllegalArgumentException("diversity and novelty must lie in [0, 1]");
            }
        }

        /** Whether the list stays as ranked. */
        public boolean keepsOrder() {
            return diversity == 0 && novelty == 0;
        }
    }

    /** How alike two candidates are (1: the same kind of movie, 0: unrelated), by their positions in the list. */
    @FunctionalInterface
    public interface Similarity {
        double between(int a, int b);
    }

    /** How popular a candidate is, by its position in the list: 0 the least popular movie, 1 the most. */
    @FunctionalInterface
    public interface Popularity {
        double of(int candidate);
    }

    /**
     * The positions (into the candidate list of {@code count} movies, best first) of the {@code n} to
     * show, in the order to show them.
     */
    public static int[] rerank(int count, int n, Knobs knobs, Similarity similarity, Popularity popularity) {
        int size = Math.min(n, count);
        int[] chosen = new int[size];
        if (knobs.keepsOrder()) {
            for (int i = 0; i < size; i++) {
                chosen[i] = i;
            }
            return chosen;
        }
        double[] relevance = new double[count];
        for (int c = 0; c < count; c++) {
            double byRank = count == 1 ? 1 : 1 - (double) c / (count - 1);
            relevance[c] = byRank - knobs.novelty() * popularity.of(c);
        }
        // The largest similarity of each candidate to the movies chosen so far, updated as they are chosen.
        double[] closest = new double[count];
        boolean[] taken = new boolean[count];
        for (int k = 0; k < size; k++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < count; c++) {
                if (taken[c]) {
                    continue;
                }
                double value = (1 - knobs.diversity()) * relevance[c] - knobs.diversity() * (k == 0 ? 0 : closest[c]);
                if (value > bestValue) {
                    best = c;
                    bestValue = value;
                }
            }
            chosen[k] = best;
            taken[best] = true;
            if (knobs.diversity() > 0) {
                for (int c = 0; c < count; c++) {
                    if (!taken[c]) {
                        closest[c] = Math.max(closest[c], similarity.between(c, best));
                    }
                }
            }
        }
        return chosen;
    }
}
