package dev.recsys.model.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.data.RatingData;
import dev.recsys.text.MovieText;
import dev.recsys.text.TextEmbedder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Movie text on generated data with a planted taste: twelve franchises (the same title words and a
 * similar plot in every installment), each loved by one of two user groups and disliked by the other;
 * genres and years say nothing about it. Each franchise's last installment is in the catalog without
 * ratings. The text is embedded by the real {@link TextEmbedder}.
 */
class MovieTextInputTest {

    static {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private static final String[][] FRANCHISES = {
        {"Star Voyager", "A starship crew explores distant galaxies and battles an alien empire among the stars."},
        {"Midnight Heist", "A crew of expert thieves plans an elaborate robbery of the biggest bank vault in the city."},
        {"Haunted Manor", "A family moves into an old mansion haunted by vengeful ghosts that terrorise them at night."},
        {"Dragon Kingdom", "A young knight and an old wizard fight fire-breathing dragons to save the medieval kingdom."},
        {"Love in Paris", "Two strangers meet by chance and fall in love during a romantic summer in Paris."},
        {"Detective Marlowe", "A hard-boiled private detective investigates a murder in a corrupt, rain-soaked city."},
        {"Zombie Outbreak", "Survivors fight hordes of flesh-eating zombies after a virus destroys civilisation."},
        {"Jungle Quest", "An archaeologist searches ancient jungle temples for a lost golden treasure."},
        {"Courtroom Verdict", "A young lawyer defends an innocent man accused of murder in a dramatic trial."},
        {"Robot Uprising", "Intelligent machines rebel against their human creators and take over the world."},
        {"Cowboy Sunset", "A lone gunslinger rides into a frontier town in the Wild West to face a gang of outlaws."},
        {"Family Holiday", "A clumsy father takes his family on a chaotic and hilarious road trip holiday."},
    };
    /** The same twists in every franchise, so that what sets installments apart says nothing about taste. */
    private static final String[] TWISTS = {"This time the stakes are higher.", "An old enemy returns.",
        "A new hero joins the team.", "Secrets from the past come to light.", "Everything goes wrong.",
        "A betrayal changes everything.", "The journey takes them far from home.", "Time is running out.",
        "Nobody can be trusted.", "The final battle begins."};
    private static final String[] GENRES = {"Drama", "Comedy", "Action", "Thriller"};
    private static final int INSTALLMENTS = 10;
    private static final int USERS = 300;
    private static final int RATINGS_PER_USER = 60;

    private static TextEmbedder embedder;
    private static ItemContent[] content;
    private static HybridModel withText;
    private static HybridModel withoutText;

    @BeforeAll
    static void train() {
        embedder = new TextEmbedder(2);
        int movies = FRANCHISES.length * INSTALLMENTS;
        content = new ItemContent[movies];
        int[] movieIds = new int[movies];
        SplittableRandom random = new SplittableRandom(5);
        List<String> texts = new ArrayList<>();
        for (int m = 0; m < movies; m++) {
            movieIds[m] = m + 1;
            texts.add(text(m / INSTALLMENTS, m % INSTALLMENTS));
            content[m] = new ItemContent(List.of(GENRES[random.nextInt(GENRES.length)]), title(m / INSTALLMENTS, m % INSTALLMENTS),
                    List.of(), List.of(), List.of(), 1980 + random.nextInt(40), null, null, null);
        }
        List<float[]> vectors = embedder.embedAll(texts);
        for (int m = 0; m < movies; m++) {
            content[m] = content[m].withText(vectors.get(m));
        }
        PlantedRatings ratings = new PlantedRatings();
        double[] level = new double[USERS];
        for (int u = 0; u < USERS; u++) {
            level[u] = random.nextDouble(-0.5, 0.5);
            for (int k = 0; k < RATINGS_PER_USER; k++) {
                int m = random.nextInt(movies);
                if (m % INSTALLMENTS == INSTALLMENTS - 1) {
                    continue;   // the last installment of every franchise has no ratings
                }
                double taste = lovedByEven(m / INSTALLMENTS) == (u % 2 == 0) ? 1.2 : -1.2;
                ratings.add(u + 1, m + 1, 3.4 + level[u] + taste + random.nextGaussian() * 0.3);
            }
        }
        RatingData data = ratings.data(movieIds);
        withText = PlantedRatings.train(data, content, 10);
        withoutText = train(data, ContentVocabulary.build(List.of(content), TextInput.OFF));
    }

    private static HybridModel train(RatingData data, ContentVocabulary vocabulary) {
        ContentVocabulary.Encoded[] encoded = Arrays.stream(content).map(vocabulary::encode)
                .toArray(ContentVocabulary.Encoded[]::new);
        int[] all = new int[data.size()];
        Arrays.setAll(all, r -> r);
        return HybridTrainer.train(data, all, vocabulary, encoded, ModelParams.defaults().withEpochs(10),
                HybridTrainer.Listener.NONE);
    }

    @AfterAll
    static void close() {
        withText.close();
        withoutText.close();
        embedder.close();
    }

    private static boolean lovedByEven(int franchise) {
        return franchise % 2 == 0;
    }

    private static String title(int franchise, int installment) {
        return FRANCHISES[franchise][0] + (installment == 0 ? "" : " " + (installment + 1));
    }

    private static String text(int franchise, int installment) {
        return new MovieText(title(franchise, installment), List.of(), List.of(),
                FRANCHISES[franchise][1] + " " + TWISTS[installment]).text();
    }

    /** Mean predicted rating of the even users minus the odd users' for one movie (dense index). */
    private static double groupGap(HybridModel model, int movie) {
        double gap = 0;
        for (int u = 0; u < model.userCount(); u++) {
            gap += (model.userId(u) % 2 == 1 ? 1 : -1) * model.predict(u, movie);   // user ids start at 1: odd id = even index
        }
        return gap / (model.userCount() / 2.0);
    }

    @Test
    void anUnratedSequelIsPredictedLikeItsFranchiseOnlyWhenTheModelReadsText() {
        assertTrue(withText.readsText());
        assertFalse(withoutText.readsText());
        int right = 0;
        double withoutGap = 0;
        for (int f = 0; f < FRANCHISES.length; f++) {
            int sequel = withText.movieIndex(f * INSTALLMENTS + INSTALLMENTS);
            double gap = groupGap(withText, sequel);
            double sign = lovedByEven(f) ? 1 : -1;
            right += gap * sign > 0.8 ? 1 : 0;
            withoutGap += Math.abs(groupGap(withoutText, sequel));
            System.out.printf("%s %d: group gap %.2f with text, %.2f without (planted %.1f)%n", FRANCHISES[f][0],
                    INSTALLMENTS, gap, groupGap(withoutText, sequel), 2.4 * sign);
        }
        assertTrue(right >= FRANCHISES.length - 1, right + " of " + FRANCHISES.length + " sequels on their franchise's side");
        assertTrue(withoutGap / FRANCHISES.length < 0.5, "without text the gap is noise: " + withoutGap / FRANCHISES.length);
    }

    @Test
    void anUnratedSequelBorrowsItsTopNScoreFromMoviesTheSameUsersLove() {
        ContentNeighbours neighbours = withText.itemItem.neighbours;
        int sameSide = 0;
        for (int f = 0; f < FRANCHISES.length; f++) {
            int sequel = withText.movieIndex(f * INSTALLMENTS + INSTALLMENTS);
            assertTrue(neighbours.borrows(sequel));
            int row = 0;
            for (int i = 0; i < sequel; i++) {
                row += neighbours.borrows(i) ? 1 : 0;
            }
            for (int n = 0; n < ContentNeighbours.NEIGHBOURS; n++) {
                int franchise = neighbours.neighbours[row * ContentNeighbours.NEIGHBOURS + n] / INSTALLMENTS;
                sameSide += lovedByEven(franchise) == lovedByEven(f) ? 1 : 0;
            }
        }
        int total = FRANCHISES.length * ContentNeighbours.NEIGHBOURS;
        assertTrue(sameSide >= 0.9 * total, sameSide + " of " + total + " content neighbours loved by the same group");
    }

    @Test
    void aNewMovieDescribedByItsPlotLandsOnItsFranchisesSide() {
        for (int f : new int[] {0, 1}) {
            String text = new MovieText(FRANCHISES[f][0] + " 12", List.of(), List.of(), FRANCHISES[f][1]).text();
            ItemContent sequel = new ItemContent(List.of("Drama"), FRANCHISES[f][0] + " 12", List.of(), List.of(), List.of(),
                    2021, null, null, null).withText(embedder.embed(text));
            NewMovie movie = withText.newMovie(withText.vocabulary().encode(sequel));
            double gap = 0;
            for (int u = 0; u < withText.userCount(); u++) {
                gap += (withText.userId(u) % 2 == 1 ? 1 : -1) * movie.predict(u);
            }
            gap /= withText.userCount() / 2.0;
            assertTrue(gap * (lovedByEven(f) ? 1 : -1) > 0.8, FRANCHISES[f][0] + " 12: group gap " + gap);
        }
    }

    @Test
    void format6CarriesTheTextPartAndFormat5StillLoads() throws IOException {
        ItemContent probe = content[INSTALLMENTS - 1];
        try (HybridModel loaded = ModelArtifact.read(ModelArtifact.write(withText))) {
            assertTrue(loaded.readsText());
            assertEquals(withText.vocabulary().textInput(), loaded.vocabulary().textInput());
            assertArrayEquals(withText.servingMovieVectors(), loaded.servingMovieVectors());
            assertEquals(withText.predictNewMovie(3, withText.vocabulary().encode(probe)),
                    loaded.predictNewMovie(3, loaded.vocabulary().encode(probe)), 1e-6);
        }
        assertThrows(IllegalArgumentException.class, () -> ModelArtifact.write(withText, 5),
                "a model that reads text has no format-5 form");
        try (HybridModel format5 = ModelArtifact.read(ModelArtifact.write(withoutText, 5))) {
            assertFalse(format5.readsText());
            assertNull(format5.vocabulary().encode(probe).text(), "a text vector is ignored by a model that reads none");
            assertArrayEquals(withoutText.servingMovieVectors(), format5.servingMovieVectors());
            assertEquals(withoutText.predictNewMovie(3, withoutText.vocabulary().encode(probe)),
                    format5.predictNewMovie(3, format5.vocabulary().encode(probe)), 1e-6);
        }
    }
}
