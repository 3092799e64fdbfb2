package dev.recsys.model.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recsys.model.data.RatingData;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ContentMeanRatingTest {

    private static ContentVocabulary.Encoded movie(int[] genres, float year) {
        return new ContentVocabulary.Encoded(genres, new int[0], new int[0], new float[] {year, 0, 0, 0}, List.of());
    }

    @Test
    void withoutWeightsItIsTheMeanOfTheGenreMeans() {
        ContentMeanRating genresOnly = new ContentMeanRating(new float[] {4.0f, Float.NaN, 3.0f}, 3.5f, null);
        assertEquals(3.5, genresOnly.predict(movie(new int[] {0, 2}, 0)), 1e-9);
        assertEquals(4.0, genresOnly.predict(movie(new int[] {0, 1}, 0)), 1e-9, "a genre without ratings is left out");
        assertEquals(3.5, genresOnly.predict(movie(new int[0], 0)), 1e-9, "no genre: the global mean");
        assertEquals(3.5, genresOnly.predict(movie(new int[] {7}, 0)), 1e-9, "a genre the model never saw");
    }

    /**
     * One genre (mean 3.75); 40 old movies (year -2 standard deviations) rated 4.5 ten times each, 40
     * recent ones (+1) rated 3.0 ten times each, and an old one with 4 ratings of 1 (too few: left
     * out). The residuals are +0.75 and -0.75 with 400 ratings on each side; by symmetry only the two
     * year bins get weight b, minimising 800 (0.75 - b)² + 100 · 2b²: b = 0.6.
     */
    @Test
    void theRidgeLearnsWhatTheGenreMeanMissesAboutTheYear() {
        List<int[]> rows = new ArrayList<>();
        List<Float> ratings = new ArrayList<>();
        List<ContentVocabulary.Encoded> content = new ArrayList<>();
        int drama = 0;
        for (int m = 0; m < 81; m++) {
            boolean old = m < 40 || m == 80;
            content.add(movie(new int[] {drama}, old ? -2f : 1f));
            int times = m == 80 ? 4 : 10;
            for (int u = 0; u < times; u++) {
                rows.add(new int[] {u + 1, m + 1});
                ratings.add(m == 80 ? 1.0f : old ? 4.5f : 3.0f);
            }
        }
        float[] values = new float[ratings.size()];
        for (int r = 0; r < values.length; r++) {
            values[r] = ratings.get(r);
        }
        RatingData data = RatingData.fromIds(rows.stream().mapToInt(r -> r[0]).toArray(),
                rows.stream().mapToInt(r -> r[1]).toArray(), values, new long[values.length],
                IntStream.rangeClosed(1, 81).toArray());
        ContentMeanRating fitted = ContentMeanRating.fit(new float[] {3.75f}, 3.7f,
                content.toArray(ContentVocabulary.Encoded[]::new), data, IntStream.range(0, values.length).toArray());

        assertEquals(4.35, fitted.predict(movie(new int[] {drama}, -1.8f)), 1e-4, "an old new movie");
        assertEquals(3.15, fitted.predict(movie(new int[] {drama}, 1.3f)), 1e-4, "a recent new movie");
        assertEquals(3.75, fitted.predict(movie(new int[] {drama}, 3f)), 1e-4, "a year no training movie had");
        assertArrayEquals(new int[] {drama, 1 + 2, 1 + ContentMeanRating.BINS + 6, 1 + 2 * ContentMeanRating.BINS + 6,
            1 + 3 * ContentMeanRating.BINS + 6, ContentMeanRating.featureCount(1) - 1},
                ContentMeanRating.features(movie(new int[] {drama}, -2f), 1), "genre, one bin per number, intercept");
    }
}
