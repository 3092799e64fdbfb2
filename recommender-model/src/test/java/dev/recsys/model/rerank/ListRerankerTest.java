package dev.recsys.model.rerank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.recsys.model.rerank.ListReranker.Knobs;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListRerankerTest {

    /** Candidates 0 and 1 are near copies (0.9 alike); 2 and 3 are unlike anything. */
    private static final ListReranker.Similarity TWINS = (a, b) -> a + b == 1 ? 0.9 : a == b ? 1 : 0;
    /** Scores 3, 2, 1, 0: relevance 1, 2/3, 1/3, 0 (by rank would give the same). */
    private static final double[] EVEN = {3, 2, 1, 0};
    private static final double[] UNRATED = new double[12];

    @Test
    void bothKnobsAtZeroKeepTheOrder() {
        assertArrayEquals(new int[] {0, 1, 2}, ListReranker.rerank(3, Knobs.NONE, new double[5], new double[5], TWINS));
        assertArrayEquals(new int[] {0, 1}, ListReranker.rerank(10, Knobs.NONE, new double[2], new double[2], TWINS));
    }

    /**
     * By hand, relevance (scores 3, 2, 1, 0 rescaled) is 1, 2/3, 1/3, 0. At diversity 0.5 the first pick is 0; then 1
     * (0.9 like 0) is worth 0.5·2/3 − 0.5·0.9 = −0.117, 2 is worth 0.5·1/3 = 0.167 and 3 is worth 0: 2. Then 1's mean
     * similarity to {0, 2} is 0.45: 0.333 − 0.225 = 0.108 against 3's 0: 1, then 3. (The largest similarity instead
     * of the mean would keep 1 at −0.117, behind 3.) At diversity 0.2, 1 is worth 0.8·2/3 − 0.2·0.9 = 0.353 against
     * 2's 0.267: order kept.
     */
    @Test
    void marginalRelevanceAgainstAHandComputedCase() {
        assertArrayEquals(new int[] {0, 2, 1, 3}, ListReranker.rerank(4, new Knobs(0.5, 0), EVEN, new double[4], TWINS));
        assertArrayEquals(new int[] {0, 1, 2, 3}, ListReranker.rerank(4, new Knobs(0.2, 0), EVEN, new double[4], TWINS));
        assertArrayEquals(new int[] {0, 2}, ListReranker.rerank(2, new Knobs(0.5, 0), EVEN, new double[4], TWINS));
    }

    /**
     * Relevance follows the score gaps, not the ranks: scores 10, 9.9, 2, 0 give 1, 0.99, 0.2, 0. At diversity
     * 0.5 candidate 1 (0.9 like 0) is worth 0.5·0.99 − 0.5·0.9 = 0.045 against 2's 0.1: 2 comes second; with
     * scores 10, 9.9, 9.8, 0 (2's relevance 0.98) the near-tie 2 is worth 0.49 and still passes 1.
     */
    @Test
    void relevanceFollowsTheScoreGaps() {
        assertArrayEquals(new int[] {0, 2, 1, 3}, ListReranker.rerank(4, new Knobs(0.5, 0), new double[] {10, 9.9, 2, 0},
                new double[4], TWINS));
        assertArrayEquals(new int[] {0, 1}, ListReranker.rerank(2, new Knobs(0.05, 0), new double[] {10, 9.9, 2, 0},
                new double[4], TWINS));
    }

    /**
     * Rating counts 999, 9, 99, 0: log1p rescaled to popularity 1, 1/3, 2/3, 0, taken in full off relevance
     * 1, 2/3, 1/3, 0 (scores 3, 2, 1, 0): 0, 1/3, −1/3, 0, so 1, then 0 and 3 (a tie keeps the order), then 2.
     * Half of it (counts 999, 99, 9, 0) off relevance 1, 0.9, 0.8, 0 (scores 10, 9, 8, 0): 0.5, 0.567, 0.633, 0.
     */
    @Test
    void noveltyDiscountsTheListsMostRatedMovies() {
        assertArrayEquals(new int[] {1, 0, 3, 2}, ListReranker.rerank(4, new Knobs(0, 1), EVEN, new double[] {999, 9, 99, 0}, TWINS));
        assertArrayEquals(new int[] {2, 1, 0, 3}, ListReranker.rerank(4, new Knobs(0, 0.5), new double[] {10, 9, 8, 0},
                new double[] {999, 99, 9, 0}, TWINS));
    }

    @Test
    void equalScoresFallBackToRelevanceByRank() {
        assertArrayEquals(new double[] {1, 0.5, 0}, ListReranker.rescaled(new double[] {7, 7, 7}, false), 1e-12);
        assertArrayEquals(new double[] {0, 0}, ListReranker.rescaled(new double[] {5, 5}, true), 1e-12);
        assertArrayEquals(new double[] {1, 0, 0}, ListReranker.rescaled(new double[] {2, 1, Double.NEGATIVE_INFINITY}, false),
                1e-12, "an excluded movie's minus infinity counts as the smallest");
    }

    /** Twelve candidates from four planted clusters (alike 1 within, 0 across), best first 0,0,0,1,1,1,...: at diversity 1 the top four are one per cluster. */
    @Test
    void fullDiversityTakesOneMovieFromEachClusterFirst() {
        int[] cluster = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
        double[] scores = new double[12];
        for (int c = 0; c < 12; c++) {
            scores[c] = 12 - c;
        }
        int[] order = ListReranker.rerank(4, new Knobs(1, 0), scores, UNRATED, (a, b) -> cluster[a] == cluster[b] ? 1 : 0);
        Set<Integer> clusters = new HashSet<>();
        for (int c : order) {
            clusters.add(cluster[c]);
        }
        assertEquals(4, clusters.size());
        assertEquals(0, order[0], "the most relevant movie stays first");
    }

    @Test
    void knobsOutsideZeroToOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Knobs(1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new Knobs(0, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new Knobs(Double.NaN, 0));
    }

    @Test
    void genreOverlapIsTheJaccardOfGenreSets() {
        GenreOverlap overlap = new GenreOverlap(new int[][] {{2, 0}, {0, 1, 2}, {}, {3}});
        assertEquals(2.0 / 3, overlap.between(0, 1), 1e-9);
        assertEquals(1.0, overlap.between(0, 0), 1e-9);
        assertEquals(0.0, overlap.between(0, 2), 1e-9);
        assertEquals(0.0, overlap.between(1, 3), 1e-9);
        assertEquals(2.0 / 3, GenreOverlap.jaccard(0b101L, 0b111L), 1e-9, "the same overlap over genre bits");
        assertEquals(0.0, GenreOverlap.jaccard(0L, 0b1L), 1e-9);
    }
}
