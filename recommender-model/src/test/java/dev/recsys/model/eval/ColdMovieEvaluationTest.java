package dev.recsys.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recsys.model.data.RatingData;
import dev.recsys.model.hybrid.ContentVocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColdMovieEvaluationTest {

    private static ContentVocabulary.Encoded genre(int g) {
        return new ContentVocabulary.Encoded(new int[] {g}, new int[0], new int[0], new float[4], List.of());
    }

    /**
     * Users 1 and 2; movies 10 and 20 (genre 0) and 30 (genre 1); movie 20 is the new one.
     * Training: user 1 rated 10 → 4, 30 → 2 (mean 3); user 2 rated 10 → 5, 30 → 3 (mean 4).
     * Genre 0's offset from the user's mean is +1 (both ratings of movie 10), its mean rating 4.5.
     * Held out: user 1 rated 20 → 5, user 2 → 4 (movie mean 4.5).
     */
    @Test
    void numbersMatchTheHandComputedBaselines() {
        RatingData data = RatingData.fromIds(new int[] {1, 1, 2, 2, 1, 2}, new int[] {10, 30, 10, 30, 20, 20},
                new float[] {4, 2, 5, 3, 5, 4}, new long[6], new int[] {10, 20, 30});
        ContentVocabulary.Encoded[] content = {genre(0), genre(0), genre(1)};
        ColdMovieEvaluation.Result result = ColdMovieEvaluation.score(data, new int[] {0, 1, 2, 3}, new int[] {4, 5},
                new int[] {1}, content, (u, i) -> 4.5, i -> 4.0, (u, out) -> java.util.Arrays.fill(out, 1), 2);
        assertEquals(1, result.movies());
        assertEquals(2, result.ratings());
        assertEquals(0.5, result.rmse(), 1e-9);                // errors -0.5 and +0.5
        assertEquals(1.0, result.userMeanGenreRmse(), 1e-9);   // 3 + 1 = 4 vs 5, 4 + 1 = 5 vs 4
        assertEquals(1, result.moviesWithMean());
        assertEquals(0.5, result.movieMeanRmse(), 1e-9);       // 4.0 vs 4.5
        assertEquals(0.0, result.genreMeanRmse(), 1e-9);       // genre 0's mean 4.5
        assertEquals(1.0, result.ndcgAt10(), 1e-9);            // one new movie: first for both relevant users
        assertEquals(1.0, result.genrePopularityNdcgAt10(), 1e-9);
    }
}
