package dev.recsys.model.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.data.RatingData;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.PlantedRatings;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Segments recover planted taste groups: three groups of users, each loving one genre and cool on
 * the others, rate randomly drawn movies; the trained model's user vectors are segmented and
 * compared with the planted groups (adjusted Rand index), and each segment's profile names its
 * group's genre first.
 */
class TasteSegmentsTest {

    static {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private static final String[] LOVED = {"Horror", "Romance", "Documentary"};
    private static final int USERS = 300;
    private static final int MOVIES = 300;

    @Test
    void threePlantedBlobsAreFoundWithK3ChosenBySilhouette() {
        SplittableRandom random = new SplittableRandom(3);
        int d = 8;
        float[] vectors = new float[USERS * d];
        int[] planted = new int[USERS];
        for (int u = 0; u < USERS; u++) {
            planted[u] = u % 3;
            for (int j = 0; j < d; j++) {
                vectors[u * d + j] = (float) (random.nextGaussian() * 0.3 + (j == planted[u] ? 2 : 0));
            }
        }
        TasteSegments segments = TasteSegments.fit(vectors, USERS, d, null, 7);
        assertEquals(3, segments.k());
        assertTrue(adjustedRand(planted, segments.assignments()) >= 0.95);
        assertEquals(segments.assignments()[0], segments.assign(Arrays.copyOfRange(vectors, 0, d)));
    }

    @Test
    void segmentsOfTheTrainedModelRecoverThePlantedTasteGroups() {
        SplittableRandom random = new SplittableRandom(5);
        ItemContent[] content = new ItemContent[MOVIES];
        int[] movieIds = new int[MOVIES];
        for (int m = 0; m < MOVIES; m++) {
            movieIds[m] = m + 1;
            content[m] = new ItemContent(List.of(LOVED[m % 3]), "Film " + m, List.of("Director " + (m % 30)),
                    List.of(), List.of(), 2000, null, null, null);
        }
        PlantedRatings planted = new PlantedRatings();
        for (int u = 0; u < USERS; u++) {
            for (int k = 0; k < 60; k++) {
                int m = random.nextInt(MOVIES);
                planted.add(u + 1, m + 1, 3.2 + random.nextGaussian() * 0.4 + (m % 3 == u % 3 ? 1.3 : -0.7));
            }
        }
        RatingData data = planted.data(movieIds);
        try (HybridModel model = PlantedRatings.train(data, content, 8)) {
            TasteSegments segments = TasteSegments.fit(model.userVectors(), model.userCount(), model.dimension(), null, 7);
            int[] group = new int[model.userCount()];
            for (int u = 0; u < group.length; u++) {
                group[u] = (model.userId(u) - 1) % 3;
            }
            double ari = adjustedRand(group, segments.assignments());
            System.out.printf("k %d, silhouette %.3f, adjusted Rand index %.3f%n", segments.k(), segments.silhouette(), ari);
            assertEquals(3, segments.k());
            assertTrue(ari >= 0.8, "adjusted Rand index " + ari);

            ItemContent[] byItem = new ItemContent[data.itemCount()];
            for (int i = 0; i < byItem.length; i++) {
                byItem[i] = content[data.itemId(i) - 1];
            }
            List<SegmentProfiles.Profile> profiles = SegmentProfiles.describe(segments, data,
                    u -> model.userIndex(data.userId(u)), byItem);
            assertEquals(3, profiles.size());
            assertEquals(USERS, profiles.stream().mapToInt(SegmentProfiles.Profile::users).sum());
            for (SegmentProfiles.Profile profile : profiles) {
                int[] members = new int[3];
                int[] assignment = segments.assignments();
                for (int u = 0; u < assignment.length; u++) {
                    if (assignment[u] == profile.id()) {
                        members[group[u]]++;
                    }
                }
                int majority = members[0] >= members[1] && members[0] >= members[2] ? 0 : members[1] >= members[2] ? 1 : 2;
                assertEquals(LOVED[majority], profile.genres().get(0).name(), "segment " + profile.id());
                assertTrue(profile.genres().get(0).lift() > 1.5, profile.toString());
                assertTrue(profile.movies().stream().allMatch(m -> (m.movieId() - 1) % 3 == majority), profile.toString());
            }
        }
    }

    /** Adjusted Rand index of two labelings (1: identical up to renaming; about 0: chance). */
    static double adjustedRand(int[] a, int[] b) {
        int ka = Arrays.stream(a).max().orElse(0) + 1;
        int kb = Arrays.stream(b).max().orElse(0) + 1;
        long[][] table = new long[ka][kb];
        for (int i = 0; i < a.length; i++) {
            table[a[i]][b[i]]++;
        }
        double index = 0;
        double rows = 0;
        double cols = 0;
        long[] colSums = new long[kb];
        for (int i = 0; i < ka; i++) {
            long rowSum = 0;
            for (int j = 0; j < kb; j++) {
                index += pairs(table[i][j]);
                rowSum += table[i][j];
                colSums[j] += table[i][j];
            }
            rows += pairs(rowSum);
        }
        for (long c : colSums) {
            cols += pairs(c);
        }
        double expected = rows * cols / pairs(a.length);
        double max = (rows + cols) / 2;
        return (index - expected) / (max - expected);
    }

    private static double pairs(long n) {
        return n * (n - 1) / 2.0;
    }
}
