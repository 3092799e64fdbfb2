package dev.recsys.model.rerank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecommendationExposureTest {

    /**
     * Ten users whose lists of four are 100 (score 10), 101 (9), a movie of their own (8.9) and a shared 102 (0);
     * each is shown two. The first estimate counts the lists: 100, 101 and 102 ten each, the own movies one.
     * Re-ranked at the reference novelty (relevance 1, 0.9, 0.89, 0 less 0.6 × popularity 1, 1, 0, 1) every list
     * shows 100 (0.4) and its own movie (0.89), not 101 (0.3): 100 → (10 + 10 × 2) / 2 = 15, 101 → 5, own → 1.5,
     * 102 → 5. From then on each list shows its own movie and one of the two favourites, whichever is the cheaper
     * that round, so their exposures trade places while 102, never shown, halves each round and the own movies
     * climb toward the 2 they are shown at (values by a line-by-line mirror of the rounds).
     */
    @Test
    void exposureIsWhatTheDiscountedListsStillShow() {
        List<int[]> lists = new ArrayList<>();
        List<double[]> scores = new ArrayList<>();
        for (int user = 0; user < 10; user++) {
            lists.add(new int[] {100, 101, user, 102});
            scores.add(new double[] {10, 9, 8.9, 0});
        }
        Map<Integer, Double> exposure = RecommendationExposure.of(lists, scores, 2);
        assertEquals(13, exposure.size(), "every listed movie has an exposure");
        assertEquals(6.875, exposure.get(100), 1e-9);
        assertEquals(13.125, exposure.get(101), 1e-9);
        assertEquals(20, exposure.get(100) + exposure.get(101), 1e-9, "one of the two shown in every list each round");
        assertEquals(1.9375, exposure.get(3), 1e-9);
        assertEquals(10 / 16.0, exposure.get(102), 1e-9);
    }

    @Test
    void noListsNoExposure() {
        assertTrue(RecommendationExposure.of(List.of(), List.of(), 10).isEmpty());
    }
}
