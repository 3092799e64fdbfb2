package dev.recsys.model.rerank;

/**
 * Re-ranks a ranked candidate list on request: {@code diversity} by marginal relevance (each next
 * movie is the one whose relevance, less its mean similarity to the movies already chosen, is
 * highest: the greedy step of raising the list's mean pairwise distance, the intra-list diversity the
 * evaluation reports; Carbonell and Goldstein's MMR takes the largest similarity instead, which lets
 * one near-duplicate veto a movie and cost more accuracy for the same diversity) and {@code novelty}
 * by a discount on popularity. Both at 0 keep the order as it is.
 *
 * <p>Both terms are scaled within the candidate list, not over the catalog: relevance is the
 * candidates' own score rescaled to 1 (the best) … 0 (the last), so a clear favourite stays ahead
 * of a near-tie, and popularity is the log of the caller's popularity figure rescaled to 1 (the most
 * popular candidate) … 0 (the least): how often the movie is already recommended
 * ({@link RecommendationExposure}) where every user's list is at hand, else its rating count
 * (docs/architecture.md, "Beyond accuracy").
 */
public final class ListReranker {

    private ListReranker() {
    }

    /**
     * What a caller asks for.
     *
     * @param diversity 0-1: the weight of "unlike the movies above it" against relevance
     * @param novelty   0-1: how much of a movie's popularity within the list is taken off its relevance
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

    /**
     * The positions (into the candidate list, best first) of the {@code n} to show, in the order to show them.
     *
     * @param scores       each candidate's ranking score, best first (higher is better; only the order and
     *                     the gaps matter); equal scores fall back to relevance by rank
     * @param popularity   how popular each candidate is (its exposure or rating count; only the order of the
     *                     logs and their gaps matter)
     */
    public static int[] rerank(int n, Knobs knobs, double[] scores, double[] popularity, Similarity similarity) {
        int count = scores.length;
        int size = Math.min(n, count);
        int[] chosen = new int[size];
        if (knobs.keepsOrder()) {
            for (int i = 0; i < size; i++) {
                chosen[i] = i;
            }
            return chosen;
        }
        double[] relevance = rescaled(scores, false);
        double[] discount = rescaled(popularity, true);
        for (int c = 0; c < count; c++) {
            relevance[c] -= knobs.novelty() * discount[c];
        }
        // The summed similarity of each candidate to the movies chosen so far, updated as they are chosen.
        double[] similaritySum = new double[count];
        boolean[] taken = new boolean[count];
        for (int k = 0; k < size; k++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < count; c++) {
                if (taken[c]) {
                    continue;
                }
                double value = (1 - knobs.diversity()) * relevance[c] - knobs.diversity() * (k == 0 ? 0 : similaritySum[c] / k);
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
                        similaritySum[c] += similarity.between(c, best);
                    }
                }
            }
        }
        return chosen;
    }

    /**
     * Values rescaled to 0 (the smallest) … 1 (the largest), after {@code log1p} when asked; a value that is
     * not finite (an excluded movie's minus infinity) counts as the smallest. When all are equal: relevance
     * by rank (1 for the first … 0 for the last) for scores, 0 for popularity.
     */
    static double[] rescaled(double[] values, boolean logarithmic) {
        int count = values.length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double[] scaled = new double[count];
        for (int c = 0; c < count; c++) {
            scaled[c] = logarithmic ? Math.log1p(Math.max(0, values[c])) : values[c];
            if (Double.isFinite(scaled[c])) {
                min = Math.min(min, scaled[c]);
                max = Math.max(max, scaled[c]);
            }
        }
        for (int c = 0; c < count; c++) {
            if (max > min) {
                scaled[c] = Double.isFinite(scaled[c]) ? (scaled[c] - min) / (max - min) : 0;
            } else {
                scaled[c] = logarithmic ? 0 : count == 1 ? 1 : 1 - (double) c / (count - 1);
            }
        }
        return scaled;
    }
}
