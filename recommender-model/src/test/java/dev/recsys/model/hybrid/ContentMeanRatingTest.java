package dev.recsys.model.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.data.RatingData;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ContentMeanRatingTest {

    /** Person ids 0-2 are directors, 3 an actor. */
    private static final boolean[] CREW = {true, true, true, false};

    private static ContentVocabulary.Encoded movie(int[] genres, float year) {
        return movie(genres, year, new int[0]);
    }

    private static ContentVocabulary.Encoded movie(int[] genres, float year, int[] people) {
        return new ContentVocabulary.Encoded(genres, new int[0], people, new float[] {year, 0, 0, 0}, List.of());
    }

    private static RatingData ratings(List<int[]> rows, List<Float> ratings, int movies) {
        float[] values = new float[ratings.size()];
        for (int r = 0; r < values.length; r++) {
            values[r] = ratings.get(r);
        }
        return RatingData.fromIds(rows.stream().mapToInt(r -> r[0]).toArray(), rows.stream().mapToInt(r -> r[1]).toArray(),
                values, new long[values.length], IntStream.rangeClosed(1, movies).toArray());
    }

    @Test
    void withoutWeightsItIsTheMeanOfTheGenreMeans() {
        ContentMeanRating genresOnly = new ContentMeanRating(new float[] {4.0f, Float.NaN, 3.0f}, 3.5f, new int[0], null);
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
        RatingData data = ratings(rows, ratings, 81);
        ContentMeanRating fitted = ContentMeanRating.fit(new float[] {3.75f}, 3.7f,
                content.toArray(ContentVocabulary.Encoded[]::new), CREW, data, IntStream.range(0, data.size()).toArray());

        assertEquals(4.35, fitted.predict(movie(new int[] {drama}, -1.8f)), 1e-4, "an old new movie");
        assertEquals(3.15, fitted.predict(movie(new int[] {drama}, 1.3f)), 1e-4, "a recent new movie");
        assertEquals(3.75, fitted.predict(movie(new int[] {drama}, 3f)), 1e-4, "a year no training movie had");
        assertArrayEquals(new int[] {drama, 1 + 2, 1 + ContentMeanRating.BINS + 6, 1 + 2 * ContentMeanRating.BINS + 6,
            1 + 3 * ContentMeanRating.BINS + 6, ContentMeanRating.featureCount(1, 0) - 1},
                fitted.features(movie(new int[] {drama}, -2f)), "genre, one bin per number, intercept");
    }

    /**
     * One genre, one year; person 0 directed 6 movies everyone rates 4.5 (with actor 3 in each),
     * person 1 directed 6 rated 3.0 like the 28 others, person 2 directed one (too few for a
     * feature of its own). A new movie
     * by person 0 is predicted well above the genre mean, one by person 1 or 2 near the others.
     */
    @Test
    void aDirectorWhoseFilmsAreRatedHigherRaisesANewFilmsMean() {
        List<int[]> rows = new ArrayList<>();
        List<Float> ratings = new ArrayList<>();
        List<ContentVocabulary.Encoded> content = new ArrayList<>();
        for (int m = 0; m < 40; m++) {
            int[] director = m < 6 ? new int[] {0, 3} : m < 12 ? new int[] {1} : m == 12 ? new int[] {2} : new int[0];
            content.add(movie(new int[] {0}, 0f, director));
            for (int u = 0; u < 50; u++) {
                rows.add(new int[] {u + 1, m + 1});
                ratings.add(m < 6 ? 4.5f : 3.0f);
            }
        }
        RatingData data = ratings(rows, ratings, 40);
        float genreMean = (6 * 4.5f + 34 * 3.0f) / 40;
        ContentMeanRating fitted = ContentMeanRating.fit(new float[] {genreMean}, genreMean,
                content.toArray(ContentVocabulary.Encoded[]::new), CREW, data, IntStream.range(0, data.size()).toArray());

        assertArrayEquals(new int[] {0, 1}, fitted.people(), "directors behind at least two rated movies; not the actor");
        double loved = fitted.predict(movie(new int[] {0}, 0f, new int[] {0}));
        double usual = fitted.predict(movie(new int[] {0}, 0f, new int[] {1}));
        double unknown = fitted.predict(movie(new int[] {0}, 0f, new int[] {2}));
        assertTrue(loved > 4.0, "a new film by the loved director: " + loved);
        assertEquals(3.0, usual, 0.1, "a new film by a director rated like the rest");
        assertEquals(fitted.predict(movie(new int[] {0}, 0f)), unknown, 1e-9, "one film is not enough for a feature");
        assertEquals(ContentMeanRating.featureCount(1, 2), fitted.weights().length);
    }
}
