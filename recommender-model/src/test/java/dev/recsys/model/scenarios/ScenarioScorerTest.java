package dev.recsys.model.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.data.RatingData;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.PlantedRatings;
import dev.recsys.model.segments.TasteSegments;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Planted structure: two taste groups, A (two thirds of the users) loving Comedy and the films of
 * directors 0–4, B loving Horror and directors 5–9. Of four planned variants, the one made for A
 * (a director A loves, Comedy) must reach the largest audience, the one made for B the second, and
 * each group's segment must rate its own variant higher.
 */
class ScenarioScorerTest {

    static {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private static final int USERS = 300;
    private static final int MOVIES = 400;
    private static final String[] GENRES = {"Comedy", "Horror", "Drama", "Action"};

    private static boolean groupA(int user) {
        return user % 3 != 0;
    }

    @Test
    void theVariantMadeForTheLargestTasteGroupReachesTheLargestAudience() {
        SplittableRandom random = new SplittableRandom(13);
        ItemContent[] content = new ItemContent[MOVIES];
        int[] movieIds = new int[MOVIES];
        for (int m = 0; m < MOVIES; m++) {
            movieIds[m] = m + 1;
            content[m] = new ItemContent(List.of(GENRES[m % 4]), "Film " + m, List.of("Director " + (m % 20)), List.of(),
                    List.of(), 2000, null, null, null);
        }
        PlantedRatings planted = new PlantedRatings();
        for (int u = 0; u < USERS; u++) {
            for (int k = 0; k < 60; k++) {
                int m = random.nextInt(MOVIES);
                int director = m % 20;
                String genre = GENRES[m % 4];
                double value = 3.0 + random.nextGaussian() * 0.3;
                boolean a = groupA(u);
                if (director < 5) {
                    value += a ? 1.0 : -0.8;
                } else if (director < 10) {
                    value += a ? -0.8 : 1.0;
                }
                if (genre.equals("Comedy")) {
                    value += a ? 0.6 : -0.5;
                } else if (genre.equals("Horror")) {
                    value += a ? -0.5 : 0.6;
                }
                planted.add(u + 1, m + 1, value);
            }
        }
        RatingData data = planted.data(movieIds);
        try (HybridModel model = PlantedRatings.train(data, content, 10)) {
            TasteSegments segments = TasteSegments.fit(model.userVectors(), model.userCount(), model.dimension(), 2, 7);
            ScenarioScorer scorer = ScenarioScorer.of(model, segments.assignments(), 2);
            ScenarioScorer.Score forA = scorer.score(movie("Director 2", "Comedy"));
            ScenarioScorer.Score forB = scorer.score(movie("Director 7", "Horror"));
            ScenarioScorer.Score mixedOne = scorer.score(movie("Director 2", "Horror"));
            ScenarioScorer.Score mixedTwo = scorer.score(movie("Director 7", "Comedy"));
            System.out.printf("audience: for A %d, for B %d, mixed %d and %d%n", forA.audience(), forB.audience(),
                    mixedOne.audience(), mixedTwo.audience());
            assertTrue(forA.audience() > forB.audience(), "A is twice as large as B");
            assertTrue(forB.audience() > Math.max(mixedOne.audience(), mixedTwo.audience()));
            assertTrue(forA.meanRating() > forB.meanRating());

            // The segment holding most of group A rates A's variant higher than B's, and the other way round.
            int segmentOfA = segments.assignments()[model.userIndex(2)];   // user 2 is in group A
            int segmentOfB = segments.assignments()[model.userIndex(1)];   // user 1 is in group B
            assertTrue(segmentOfA != segmentOfB);
            assertTrue(forA.segmentMeans()[segmentOfA] > forB.segmentMeans()[segmentOfA]);
            assertTrue(forB.segmentMeans()[segmentOfB] > forA.segmentMeans()[segmentOfB]);
            assertEquals(false, scorer.sampled());
        }
    }

    @Test
    void kthLargestIsTheEntryBar() {
        assertEquals(7f, ScenarioScorer.kthLargest(new float[] {3, 9, 7, 1, 8}, 3));
        assertEquals(9f, ScenarioScorer.kthLargest(new float[] {3, 9, 7, 1, 8}, 1));
    }

    private static ItemContent movie(String director, String genre) {
        return new ItemContent(List.of(genre), "Planned", List.of(director), List.of(), List.of(), 2026, null, null, null);
    }
}
