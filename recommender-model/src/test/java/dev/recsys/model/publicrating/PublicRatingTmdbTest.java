package dev.recsys.model.publicrating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.ReleaseFacts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * TMDB's facts in the public-rating model, on a generated catalog with planted effects: each production company, the
 * budget and each franchise move a movie's rating; a standalone movie's own quality is unknowable before release, a
 * sequel shares its franchise's. Also a catalog with TMDB's
 * votes only (no IMDb ratings), and the titles that find a franchise without TMDB.
 */
class PublicRatingTmdbTest {

    private static final String[] GENRES = {"Drama", "Comedy", "Action", "Horror", "Romance", "Thriller", "Animation", "Crime"};

    /** A planted catalog: content aligned with franchise of each movie (-1: none) and whether it is a sequel. */
    private record Planted(ItemContent[] content, int[] franchiseOf, boolean[] sequel) {
    }

    private static Planted plant(int movies, boolean imdb, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] genreEffect = random.doubles(GENRES.length, -0.4, 0.4).toArray();
        double[] companyEffect = IntStream.range(0, 40).mapToDouble(i -> 1.2 * random.nextGaussian()).toArray();
        double[] directorEffect = IntStream.range(0, movies / 4).mapToDouble(i -> 0.5 * random.nextGaussian()).toArray();
        int franchises = movies / 12;
        double[] franchiseQuality = IntStream.range(0, franchises).mapToDouble(i -> 1.0 * random.nextGaussian()).toArray();
        int[] franchiseSize = new int[franchises];
        ItemContent[] content = new ItemContent[movies];
        int[] franchiseOf = new int[movies];
        boolean[] sequel = new boolean[movies];
        for (int i = 0; i < movies; i++) {
            int genre = random.nextInt(GENRES.length);
            int company = random.nextInt(companyEffect.length);
            int director = random.nextInt(directorEffect.length);
            double logBudget = 16 + 1.5 * random.nextGaussian();
            boolean knownBudget = random.nextDouble() < 0.7;
            int franchise = random.nextDouble() < 0.4 ? random.nextInt(franchises) : -1;
            franchiseOf[i] = franchise;
            String title;
            if (franchise >= 0) {
                int number = ++franchiseSize[franchise];
                sequel[i] = number > 1;
                title = "Saga " + franchise + (number > 1 ? " " + number : "");
            } else {
                title = "Standalone " + i;
            }
            // What makes a movie good beyond its inputs: unknowable for a standalone movie, shared by a franchise's movies.
            double quality = franchise >= 0 ? franchiseQuality[franchise] : random.nextGaussian();
            double rating = 6.2 + genreEffect[genre] + companyEffect[company] + directorEffect[director]
                    + 0.35 * (logBudget - 16) + quality + 0.3 * random.nextGaussian();
            rating = Math.max(1, Math.min(10, rating));
            int votes = 50 + random.nextInt(5_000);
            ReleaseFacts facts = new ReleaseFacts(knownBudget ? (long) Math.exp(logBudget) : null, 1 + random.nextInt(12), "en",
                    List.of("Company " + company), List.of("US"), List.of("keyword " + random.nextInt(300)),
                    franchise >= 0 ? "Saga " + franchise + " Collection" : null, imdb ? null : (float) rating,
                    imdb ? null : votes);
            content[i] = new ItemContent(List.of(GENRES[genre]), title, List.of("Director " + director), List.of(), List.of(),
                    1980 + random.nextInt(40), 90 + random.nextInt(60), imdb ? (float) rating : null, imdb ? votes : null,
                    null, null, facts);
        }
        return new Planted(content, franchiseOf, sequel);
    }

    private static ItemContent[] withoutFacts(ItemContent[] content) {
        return Arrays.stream(content).map(c -> c.withRelease(null)).toArray(ItemContent[]::new);
    }

    private static int[] ids(int n) {
        return IntStream.rangeClosed(1, n).toArray();
    }

    @Test
    void budgetCompaniesAndFranchisesRaiseTheHeldOutFit() {
        Planted planted = plant(3_000, true, 7);
        PublicRatingRun with = PublicRatingRun.fit(planted.content(), ids(3_000), 42, null);
        PublicRatingRun without = PublicRatingRun.fit(withoutFacts(planted.content()), ids(3_000), 42, null);
        System.out.println("planted TMDB facts, with: " + with.evaluation() + "\nwithout: " + without.evaluation());
        assertTrue(with.model().readsReleaseFacts());
        assertTrue(with.model().readsFranchise(), "titles 'Saga 3', 'Saga 3 2' are one franchise");
        assertFalse(without.model().readsReleaseFacts());
        assertEquals(PublicRatingModel.Scale.IMDB, with.model().scale());
        double r2 = with.evaluation().model().r2();
        assertTrue(r2 > without.evaluation().model().r2() + 0.2, r2 + " vs " + without.evaluation().model().r2());
        assertTrue(r2 >= 0.45, "R² " + r2);
        assertTrue(with.evaluation().model().coverage() >= 0.75 && with.evaluation().model().coverage() <= 0.85,
                "coverage " + with.evaluation().model().coverage());
    }

    @Test
    void sequelsArePredictedFromTheirFranchise() {
        Planted planted = plant(3_000, true, 11);
        ItemContent[] content = planted.content();
        PublicRatingFit.Targets targets = PublicRatingFit.targets(content);
        int[] rows = targets.rows();
        int[] foldOf = PublicRatingFeatures.folds(rows.length, 5, 3);
        int[] train = IntStream.range(0, rows.length).filter(k -> foldOf[k] != 0).map(k -> rows[k]).toArray();
        int[] test = IntStream.range(0, rows.length).filter(k -> foldOf[k] == 0).map(k -> rows[k]).toArray();
        PublicRatingModel model = PublicRatingFit.fit(content, ids(content.length), targets, train, 42);
        double sequelError = 0;
        double otherError = 0;
        int sequels = 0;
        int others = 0;
        for (int i : test) {
            double error = Math.abs(model.point(content[i]) - targets.rating()[i]);
            if (planted.sequel()[i]) {
                sequelError += error;
                sequels++;
            } else if (planted.franchiseOf()[i] < 0) {
                otherError += error;
                others++;
            }
        }
        double sequelMae = sequelError / sequels;
        double otherMae = otherError / others;
        System.out.printf("held-out MAE: %d sequels %.3f, %d movies in no franchise %.3f%n", sequels, sequelMae, others, otherMae);
        assertTrue(sequelMae <= 0.8 * otherMae, "sequels " + sequelMae + " vs others " + otherMae);

        // A planned sequel named only by its title ("Saga 5 3", no collection) gets its franchise's level.
        int franchise = planted.franchiseOf()[Arrays.stream(train).filter(i -> planted.franchiseOf()[i] >= 0).findFirst().orElseThrow()];
        double franchiseMean = Arrays.stream(train).filter(i -> planted.franchiseOf()[i] == franchise)
                .mapToDouble(i -> targets.rating()[i]).average().orElseThrow();
        ItemContent planned = new ItemContent(List.of("Drama"), "Saga " + franchise + " 9", List.of(), List.of(), List.of(),
                2021, 110, null, null);
        ItemContent standalone = new ItemContent(List.of("Drama"), "Something New", List.of(), List.of(), List.of(), 2021, 110,
                null, null);
        double plannedError = Math.abs(model.point(planned) - franchiseMean);
        double standaloneError = Math.abs(model.point(standalone) - franchiseMean);
        assertTrue(plannedError < standaloneError, plannedError + " vs " + standaloneError);
    }

    @Test
    void aCatalogWithTmdbVotesOnlyLearnsTmdbsScaleAndStoresIt() throws IOException {
        Planted planted = plant(1_500, false, 5);
        PublicRatingRun run = PublicRatingRun.fit(new ItemContent[0], new int[0],
                new ReleasedOnly(planted.content(), ids(planted.content().length)), 42, null);
        assertNull(run.absentReason());
        assertEquals(PublicRatingModel.Scale.TMDB, run.model().scale());
        assertEquals("tmdbRating", run.model().scale().field());
        assertEquals(1_500, run.model().trainedMovies());
        assertTrue(run.evaluation().model().r2() > 0.5, run.evaluation().toString());

        PublicRatingModel read = PublicRatingModel.read(run.model().write());
        assertEquals(PublicRatingModel.Scale.TMDB, read.scale());
        assertTrue(read.readsReleaseFacts());
        for (int i = 0; i < 50; i++) {
            assertEquals(run.model().predict(planted.content()[i]), read.predict(planted.content()[i]));
        }
        // TMDB-only movies show up among the similar released movies as minus their TMDB id.
        assertEquals(-1, read.similar(planted.content()[0], 1).get(0).movieId());
    }

    @Test
    void aCatalogWithBothScalesLearnsImdbs() {
        Planted imdb = plant(600, true, 13);
        ItemContent[] both = Arrays.stream(imdb.content()).map(c -> c.withRelease(new ReleaseFacts(c.release().budget(),
                c.release().releaseMonth(), c.release().originalLanguage(), c.release().companies(), c.release().countries(),
                c.release().keywords(), c.release().collection(), 9.9f, 100))).toArray(ItemContent[]::new);
        PublicRatingRun run = PublicRatingRun.fit(both, ids(both.length), 42, null);
        assertEquals(PublicRatingModel.Scale.IMDB, run.model().scale());
        assertTrue(run.model().readsReleaseFacts());
        assertTrue(run.evaluation().model().r2() > 0.3, "TMDB's constant 9.9 is no target here: " + run.evaluation());
    }

    @Test
    void aPlannedMoviesUnknownFactsAreNamed() {
        Planted planted = plant(1_000, true, 3);
        PublicRatingRun withoutFacts = PublicRatingRun.fit(withoutFacts(planted.content()), ids(1_000), 42, null);
        ItemContent planned = new ItemContent(List.of("Drama"), "Plan", List.of(), List.of(), List.of(), 2026, 100, null, null)
                .withRelease(ReleaseFacts.planned(20_000_000L, 5, "en", List.of("Company 1"), List.of(), List.of(), null));
        List<String> unused = new ArrayList<>(withoutFacts.model().unusedFields(planned));
        assertEquals(List.of("budget: the training catalog had too few movies with TMDB metadata (load TMDB's files to use it)",
                "releaseMonth: the training catalog had too few movies with TMDB metadata (load TMDB's files to use it)",
                "originalLanguage: the training catalog had too few movies with TMDB metadata (load TMDB's files to use it)",
                "companies: the training catalog had too few movies with TMDB metadata (load TMDB's files to use it)"), unused);
    }

    private static ItemContent movie(String title) {
        return new ItemContent(List.of(), title, List.of(), List.of(), List.of(), null, null, null, null);
    }

    @Test
    void titlesThatContinueAFranchise() {
        for (String title : List.of("Toy Story", "Toy Story 2", "Toy Story Part II", "Toy Story: Forever", "The Toy Story 3",
                "Toy Story, The (1995)", "TOY STORY IV")) {
            assertEquals("toy story", FranchiseKeys.titleBase(title), title);
        }
        assertEquals("amelie", FranchiseKeys.titleBase("Amélie"));
        assertEquals("mad max", FranchiseKeys.titleBase("Mad Max"));
        assertEquals("levi", FranchiseKeys.titleBase("Levi"));
        assertTrue(FranchiseKeys.continuesOne(movie("Toy Story 2")));
        assertTrue(FranchiseKeys.continuesOne(movie("Star Wars: Episode V")));
        assertFalse(FranchiseKeys.continuesOne(movie("Heat")), "a title alone may be a remake");
        assertFalse(FranchiseKeys.continuesOne(movie("Mad Max")));
        assertEquals("heat", FranchiseKeys.titleBase("Heat"));
        assertEquals(List.of("c:star wars", "t:star wars"), FranchiseKeys.of(new ItemContent(List.of(), "Star Wars: Episode V",
                List.of(), List.of(), List.of(), null, null, null, null).withRelease(ReleaseFacts.planned(null, null, null,
                List.of(), List.of(), List.of(), "Star Wars Collection"))));
        assertEquals("US", ReleaseFacts.countryCode("United States of America"));
        assertEquals("FR", ReleaseFacts.countryCode("france"));
        assertEquals("GB", ReleaseFacts.countryCode("gb"));
    }
}
