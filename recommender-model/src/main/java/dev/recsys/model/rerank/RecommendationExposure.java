package dev.recsys.model.rerank;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How much each movie is already recommended to everyone: the popularity the novelty knob discounts
 * when every user's candidate list is at hand (the batch's stored lists, the evaluation's).
 *
 * <p>Why not the rating count: the lists all lean on the same few hundred well-liked movies, and what
 * widens them at least cost is to swap a movie that sits in many users' lists for one that sits in
 * few, whatever its rating count. Counting the candidate lists alone over-charges the blockbusters,
 * which most lists drop anyway once discounted; so the estimate is refined over {@link #ROUNDS} rounds:
 * re-rank every list at {@link #REFERENCE_NOVELTY} by the current estimate, count the movies each list
 * shows, and move the estimate half-way to those counts (scaled to the candidate lists' length). What
 * remains is the exposure of movies that stay in many lists even when discounted: a price for the
 * coverage the knob buys (docs/benchmarks.md, "Beyond accuracy").
 */
public final class RecommendationExposure {

    /** The novelty at which lists are re-ranked to refine the estimate (the knob scales the discount, not this). */
    public static final double REFERENCE_NOVELTY = 0.6;
    static final int ROUNDS = 4;
    private static final ListReranker.Similarity UNUSED = (a, b) -> 0;

    private RecommendationExposure() {
    }

    /**
     * Each listed movie's exposure, from every user's candidate list (movie keys best first, with each one's
     * ranking score) and how many of a list a user is shown.
     */
    public static Map<Integer, Double> of(List<int[]> lists, List<double[]> scores, int shown) {
        Map<Integer, Double> exposure = new HashMap<>();
        long listed = 0;
        for (int[] list : lists) {
            for (int movie : list) {
                exposure.merge(movie, 1.0, Double::sum);
            }
            listed += list.length;
        }
        if (lists.isEmpty() || listed == 0) {
            return exposure;
        }
        double scale = (double) listed / lists.size() / shown;
        ListReranker.Knobs reference = new ListReranker.Knobs(0, REFERENCE_NOVELTY);
        for (int round = 0; round < ROUNDS; round++) {
            Map<Integer, Double> shownCounts = new HashMap<>();
            for (int u = 0; u < lists.size(); u++) {
                int[] list = lists.get(u);
                double[] popularity = new double[list.length];
                for (int c = 0; c < list.length; c++) {
                    popularity[c] = exposure.get(list[c]);
                }
                for (int position : ListReranker.rerank(shown, reference, scores.get(u), popularity, UNUSED)) {
                    shownCounts.merge(list[position], 1.0, Double::sum);
                }
            }
            exposure.replaceAll((movie, estimate) -> (estimate + shownCounts.getOrDefault(movie, 0.0) * scale) / 2);
        }
        return exposure;
    }
}
