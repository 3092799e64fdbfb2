package dev.recsys.model.publicrating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.hybrid.ItemContent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IMDb-rating model on generated IMDb dumps whose ratings carry planted effects (sample-data's
 * ImdbDumpWriter: director and top-billed cast quality, genres, +0.015 per year before 2000).
 */
class PublicRatingModelTest {

    @TempDir
    static Path dir;
    static GeneratedImdbCatalog catalog;
    static PublicRatingRun run;

    @BeforeAll
    static void fit() throws IOException {
        catalog = GeneratedImdbCatalog.generate(dir, 300, 4_000, 30_000);
        run = PublicRatingRun.fit(catalog.content(), catalog.movieIds(), 42, new XgboostTrees(42));
    }

    @Test
    void heldOutMoviesArePredictedBetterThanTheGenreMeanAndAtLeastAsWellAsTrees() {
        PublicRatingEvaluation.Result e = run.evaluation();
        System.out.println("public rating on held-out generated movies: " + e);
        assertEquals(800, e.testMovies());
        assertEquals(3_200, e.trainMovies());
        // The planted rating has noise of its own (sd 0.41, about a quarter of its variance) and most of the
        // 1,000 directors stand behind one or two of the 3,200 training movies: 0.46 is close to what can be known.
        assertTrue(e.model().r2() >= 0.42, "R^2 " + e.model().r2());
        assertTrue(e.model().rmse() < e.genreMean().rmse() - 0.1, e.model() + " vs genre mean " + e.genreMean());
        assertTrue(e.model().r2() >= e.trees().r2() - 0.01, e.model() + " vs trees " + e.trees());
        assertEquals("xgboost4j 3.4.0", e.treesName());
        assertTrue(e.model().rmse() <= e.trees().rmse(), e.model() + " vs trees " + e.trees());
        assertEquals("ridge", run.model().served(), "the ridge had the lower held-out error, so it is served");
    }

    @Test
    void the80PercentIntervalsCover75To85PercentOfHeldOutMovies() {
        double coverage = run.evaluation().model().coverage();
        assertTrue(coverage >= 0.75 && coverage <= 0.85, "coverage " + coverage);
    }

    @Test
    void plantedGenreAndYearEffectsAreRecovered() {
        PublicRatingModel model = run.model();
        double documentary = model.predict(movie(List.of("Documentary"), 2000, List.of())).predicted();
        double horror = model.predict(movie(List.of("Horror"), 2000, List.of())).predicted();
        assertEquals(1.6, documentary - horror, 0.4, "planted: Documentary +0.8, Horror -0.8");
        double old = model.predict(movie(List.of("Drama"), 1970, List.of())).predicted();
        double recent = model.predict(movie(List.of("Drama"), 2020, List.of())).predicted();
        assertEquals(0.75, old - recent, 0.35, "planted: +0.015 per year before 2000");
    }

    @Test
    void aBetterDirectorGivesAHigherRatingAndKnownPeopleANarrowerInterval() {
        // The directors behind the most movies, by their movies' mean IMDb rating.
        Map<String, List<ItemContent>> byDirector = Arrays.stream(catalog.content()).filter(c -> !c.directors().isEmpty())
                .collect(Collectors.groupingBy(c -> c.directors().get(0)));
        List<Map.Entry<String, List<ItemContent>>> prolific = byDirector.entrySet().stream()
                .filter(e -> e.getValue().size() >= 8).sorted(Comparator.comparingDouble(e -> mean(e.getValue()))).toList();
        assertTrue(prolific.size() >= 4, prolific.size() + " directors with 8 movies or more");
        String worst = prolific.get(0).getKey();
        String best = prolific.get(prolific.size() - 1).getKey();
        PublicRatingModel model = run.model();
        PublicRatingModel.Interval byBest = model.predict(movie(List.of("Drama"), 2000, List.of(best)));
        PublicRatingModel.Interval byWorst = model.predict(movie(List.of("Drama"), 2000, List.of(worst)));
        PublicRatingModel.Interval byNewcomer = model.predict(movie(List.of("Drama"), 2000, List.of("Nobody Knows")));
        double plantedGap = mean(prolific.get(prolific.size() - 1).getValue()) - mean(prolific.get(0).getValue());
        assertTrue(byBest.predicted() - byWorst.predicted() > 0.5 * plantedGap,
                best + " " + byBest + " vs " + worst + " " + byWorst + ", their movies' means differ by " + plantedGap);
        assertTrue(byNewcomer.high() - byNewcomer.low() > byBest.high() - byBest.low(),
                "unknown director " + byNewcomer + " vs known " + byBest);
        assertTrue(byBest.low() < byBest.predicted() && byBest.predicted() < byBest.high());
    }

    @Test
    void theStoredModelPredictsTheSame() throws IOException {
        PublicRatingModel read = PublicRatingModel.read(run.model().write());
        for (int i = 0; i < 50; i++) {
            assertEquals(run.model().predict(catalog.content()[i]), read.predict(catalog.content()[i]));
        }
        assertEquals(run.model().trainedMovies(), read.trainedMovies());
    }

    @Test
    void similarReleasedMoviesShareThePeopleFirst() {
        ItemContent known = catalog.content()[7];
        ItemContent planned = new ItemContent(known.genres(), "Planned", known.directors(), known.writers(), known.cast(),
                known.year(), known.runtime(), null, null);
        List<PublicRatingModel.Similar> similar = run.model().similar(planned, 5);
        assertEquals(5, similar.size());
        assertEquals(catalog.movieIds()[7], similar.get(0).movieId());
        assertEquals(known.imdbRating(), similar.get(0).imdbRating(), 0.05);
    }

    @Test
    void aCatalogWithoutImdbRatingsHasNoModelAndSaysWhy() {
        ItemContent[] unrated = Arrays.stream(catalog.content()).map(c -> new ItemContent(c.genres(), c.title(), c.directors(),
                c.writers(), c.cast(), c.year(), c.runtime(), null, null)).toArray(ItemContent[]::new);
        PublicRatingRun none = PublicRatingRun.fit(unrated, catalog.movieIds(), 42, null);
        assertNull(none.model());
        assertNull(none.evaluation());
        assertEquals("the training catalog had no IMDb or TMDB ratings (load IMDb's title.ratings or TMDB's metadata to get them)", none.absentReason());
    }

    private static ItemContent movie(List<String> genres, int year, List<String> directors) {
        return new ItemContent(genres, "Planned", directors, List.of(), List.of(), year, 110, null, null);
    }

    private static double mean(List<ItemContent> movies) {
        return movies.stream().mapToDouble(ItemContent::imdbRating).average().orElse(0);
    }
}
