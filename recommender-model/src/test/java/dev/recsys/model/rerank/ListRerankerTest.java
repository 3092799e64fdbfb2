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
    private static final ListReranker.Popularity NONE_POPULAR = c -> 0;

    @Test
    void bothKnobsAtZeroKeepTheOrder() {
        assertArrayEquals(new int[] {0, 1, 2}, ListReranker.rerank(5, 3, Knobs.NONE, TWINS, NONE_POPULAR));
        assertArrayEquals(new int[] {0, 1}, ListReranker.rerank(2, 10, Knobs.NONE, TWINS, NONE_POPULAR));
    }

    /**
     * By hand, relevance by rank is 1, 2/3, 1/3, 0. At diversity 0.5 the first pick is 0; then 1 is
     * worth 0.5·2/3 − 0.5·0.9 = −0.117, 2 is worth 0.5·1/3 = 0.167 and 3 is worth 0: 2, then 3 (0 against
     * −0.117), then 1. At diversity 0.2, 1 is worth 0.8·2/3 − 0.2·0.9 = 0.353 against 2's 0.267: order kept.
     */
    @Test
    void maximalMarginalRelevanceAgainstAHandComputedCase() {
        assertArrayEquals(new int[] {0, 2, 3, 1}, ListReranker.rerank(4, 4, new Knobs(0.5, 0), TWINS, NONE_POPULAR));
        assertArrayEquals(new int[] {0, 1, 2, 3}, ListReranker.rerank(4, 4, new Knobs(0.2, 0), TWINS, NONE_POPULAR));
        assertArrayEquals(new int[] {0, 2}, ListReranker.rerank(4, 2, new Knobs(0.5, 0), TWINS, NONE_POPULAR));
    }

    /** Popularity 1, 0.9, 0, 0 taken in full off relevance 1, 2/3, 1/3, 0: 1/3 for 2, then 0 for 0 and 3, −0.233 for 1. */
    @Test
    void noveltyDiscountsPopularMovies() {
        double[] popularity = {1, 0.9, 0, 0};
        assertArrayEquals(new int[] {2, 0, 3, 1},
                ListReranker.rerank(4, 4, new Knobs(0, 1), TWINS, c -> popularity[c]));
    }

    /** Twelve candidates from four planted clusters (alike 1 within, 0 across), best first 0,0,0,1,1,1,...: at diversity 1 the top four are one per cluster. */
    @Test
    void fullDiversityTakesOneMovieFromEachClusterFirst() {
        int[] cluster = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};
        int[] order = ListReranker.rerank(12, 4, new Knobs(1, 0), (a, b) -> cluster[a] == cluster[b] ? 1 : 0, NONE_POPULAR);
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
