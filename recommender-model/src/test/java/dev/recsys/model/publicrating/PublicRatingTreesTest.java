package dev.recsys.model.publicrating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.hybrid.ItemContent;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public rating served by gradient-boosted trees where they beat the ridge on held-out movies: a planted
 * catalog whose ratings hang on interactions (old dramas and long action movies), which a sum of per-input
 * effects cannot express.
 */
class PublicRatingTreesTest {

    private static final String[] GENRES = {"Drama", "Comedy", "Action", "Horror"};
    static ItemContent[] content;
    static PublicRatingRun run;

    static double planted(String genre, int year, int runtime) {
        double rating = 6.0;
        if (genre.equals("Drama")) {
            rating += year < 1990 ? 1.2 : -0.6;
        }
        if (genre.equals("Action")) {
            rating += runtime > 120 ? -1.0 : 0.5;
        }
        return rating;
    }

    @BeforeAll
    static void fit() {
        SplittableRandom random = new SplittableRandom(5);
        content = new ItemContent[2_000];
        for (int i = 0; i < content.length; i++) {
            String genre = GENRES[random.nextInt(GENRES.length)];
            int year = 1960 + random.nextInt(60);
            int runtime = 80 + random.nextInt(80);
            double rating = planted(genre, year, runtime) + 0.25 * random.nextGaussian();
            content[i] = new ItemContent(List.of(genre), "Movie " + i, List.of(), List.of(), List.of(), year, runtime,
                    (float) rating, 100 + random.nextInt(1_000));
        }
        run = PublicRatingRun.fit(content, IntStream.rangeClosed(1, content.length).toArray(), 42, new XgboostTrees(42));
    }

    @Test
    void treesThatBeatTheRidgeOnHeldOutMoviesAreServed() {
        PublicRatingEvaluation.Result e = run.evaluation();
        System.out.println("planted interactions: ridge " + e.model() + ", trees " + e.trees());
        assertTrue(e.trees().rmse() < e.model().rmse() - 0.05, e.trees() + " vs ridge " + e.model());
        assertTrue(e.trees().r2() >= 0.7, "trees R² " + e.trees().r2());
        assertEquals("trees", e.served());
        assertEquals("trees", run.model().served());
        assertTrue(e.treeRounds() > 10, e.treeRounds() + " trees");
    }

    @Test
    void theTreesIntervalsCover75To85PercentOfHeldOutMovies() {
        double coverage = run.evaluation().trees().coverage();
        assertTrue(coverage >= 0.75 && coverage <= 0.85, "coverage " + coverage);
        assertTrue(run.evaluation().trees().meanWidth() < run.evaluation().model().meanWidth(),
                "the better point gets the narrower interval: " + run.evaluation().trees() + " vs " + run.evaluation().model());
    }

    @Test
    void theHeldOutListShowsTheServedPredictions() {
        PublicRatingEvaluation.Result e = run.evaluation();
        double[] actual = e.heldOut().stream().mapToDouble(PublicRatingEvaluation.HeldOut::actual).toArray();
        double[] predicted = e.heldOut().stream().mapToDouble(PublicRatingEvaluation.HeldOut::predicted).toArray();
        // The list's predictions are rounded to hundredths.
        assertEquals(e.trees().r2(), PublicRatingEvaluation.errors(actual, predicted, null, null).r2(), 0.005);
    }

    @Test
    void aPlannedMovieGetsTheInteractionsRating() {
        PublicRatingModel model = run.model();
        assertEquals(planted("Drama", 1975, 100), model.predict(movie("Drama", 1975, 100)).predicted(), 0.25);
        assertEquals(planted("Drama", 2010, 100), model.predict(movie("Drama", 2010, 100)).predicted(), 0.25);
        assertEquals(planted("Action", 2000, 150), model.predict(movie("Action", 2000, 150)).predicted(), 0.25);
        assertEquals(planted("Action", 2000, 95), model.predict(movie("Action", 2000, 95)).predicted(), 0.25);
        PublicRatingModel.Interval interval = model.predict(movie("Comedy", 2000, 100));
        assertTrue(interval.low() < interval.predicted() && interval.predicted() < interval.high(), interval.toString());
        // Without a year or runtime the trees take their "missing" branches: still a rating on the scale.
        double unknown = model.predict(new ItemContent(List.of("Drama"), "Unknown", List.of(), List.of(), List.of(), null,
                null, null, null)).predicted();
        assertTrue(unknown >= 4 && unknown <= 8, "unknown year and runtime: " + unknown);
    }

    @Test
    void theStoredModelServesTheSameTrees() throws IOException {
        PublicRatingModel read = PublicRatingModel.read(run.model().write());
        assertEquals("trees", read.served());
        for (ItemContent c : new ItemContent[] {movie("Drama", 1975, 100), movie("Action", 2000, 150), content[17]}) {
            assertEquals(run.model().predict(c), read.predict(c));
        }
    }

    private static ItemContent movie(String genre, int year, int runtime) {
        return new ItemContent(List.of(genre), "Planned", List.of(), List.of(), List.of(), year, runtime, null, null);
    }
}
