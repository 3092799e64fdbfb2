package dev.recsys.model.hybrid;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.data.RatingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * New movies on generated data with planted effects: two taste groups; the films of directors 0–4
 * are loved by group A (even users) and disliked by group B; Horror is rated half a star lower by
 * everyone; users differ in their own level. The model sees only the ratings and the content.
 */
class ColdStartTest {

    static {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private static final String[] GENRES = {"Drama", "Comedy", "Horror", "Action"};
    private static final int USERS = 300;
    private static final int MOVIES = 400;
    private static final int DIRECTORS = 40;
    private static final int RATINGS_PER_USER = 60;

    private static RatingData data;
    private static ItemContent[] content;
    private static double[] userMean;
    private static HybridModel model;

    @BeforeAll
    static void train() {
        SplittableRandom random = new SplittableRandom(11);
        content = new ItemContent[MOVIES];
        int[] movieIds = new int[MOVIES];
        for (int m = 0; m < MOVIES; m++) {
            movieIds[m] = m + 1;
            String genre = GENRES[m % GENRES.length];
            content[m] = new ItemContent(List.of(genre), "Film " + m, List.of("Director " + (m % DIRECTORS)), List.of(),
                    List.of(), 1990 + m % 30, null, null, null);
        }
        double[] level = new double[USERS];
        for (int u = 0; u < USERS; u++) {
            level[u] = random.nextDouble(-0.6, 0.6);
        }
        List<int[]> pairs = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            for (int k = 0; k < RATINGS_PER_USER; k++) {
                int m = random.nextInt(MOVIES);
                pairs.add(new int[] {u + 1, m + 1});
                values.add((float) rating(u, m, level[u], random));
            }
        }
        int n = pairs.size();
        int[] users = pairs.stream().mapToInt(p -> p[0]).toArray();
        int[] items = pairs.stream().mapToInt(p -> p[1]).toArray();
        float[] ratings = new float[n];
        for (int r = 0; r < n; r++) {
            ratings[r] = values.get(r);
        }
        data = RatingData.fromIds(users, items, ratings, new long[n], movieIds);
        userMean = new double[data.userCount()];
        int[] counts = new int[data.userCount()];
        for (int r = 0; r < n; r++) {
            userMean[data.user(r)] += data.rating(r);
            counts[data.user(r)]++;
        }
        for (int u = 0; u < userMean.length; u++) {
            userMean[u] /= counts[u];
        }
        ContentVocabulary vocabulary = ContentVocabulary.build(List.of(content));
        ContentVocabulary.Encoded[] encoded = Arrays.stream(content).map(vocabulary::encode)
                .toArray(ContentVocabulary.Encoded[]::new);
        int[] all = new int[n];
        Arrays.setAll(all, r -> r);
        model = HybridTrainer.train(data, all, vocabulary, encoded, ModelParams.defaults().withEpochs(10),
                new HybridTrainer.Listener() {
                    @Override
                    public void onProgress(int epoch, long done, long total, double rate) {
                    }

                    @Override
                    public void onEpoch(int epoch, double loss, double seconds, HybridModel trained) {
                    }
                });
    }

    private static double rating(int user, int movie, double level, SplittableRandom random) {
        double value = 3.5 + level + random.nextGaussian() * 0.3;
        if (movie % DIRECTORS < 5) {
            value += user % 2 == 0 ? 1.2 : -1.2;
        }
        if (GENRES[movie % GENRES.length].equals("Horror")) {
            value -= 0.5;
        }
        return Math.max(0.5, Math.min(5, Math.round(value * 2) / 2.0));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static double meanPrediction(NewMovie movie, int parity) {
        double sum = 0;
        int n = 0;
        for (int u = 0; u < data.userCount(); u++) {
            if ((data.userId(u) - 1) % 2 == parity) {
                sum += movie.predict(u);
                n++;
            }
        }
        return sum / n;
    }

    private static NewMovie newMovie(List<String> genres, List<String> directors) {
        return model.newMovie(model.vocabulary().encode(new ItemContent(genres, "Unseen Title", directors, List.of(),
                List.of(), null, null, null, null)));
    }

    /** A sequel of served movies: every user's prediction is the mean of the content's and theirs of those movies. */
    @Test
    void aSequelIsScoredPartlyAsItsPredecessorsAre() {
        ContentVocabulary.Encoded encoded = model.vocabulary().encode(new ItemContent(List.of("Drama"), "Unseen Title 2",
                List.of("Director 20"), List.of(), List.of(), null, null, null, null));
        NewMovie alone = model.newMovie(encoded);
        NewMovie sequel = model.newMovie(encoded, new int[] {3, 7});
        for (int user = 0; user < 20; user++) {
            double expected = (alone.predict(user) + model.predict(user, 3) + model.predict(user, 7)) / 3;
            org.junit.jupiter.api.Assertions.assertEquals(expected, sequel.predict(user), 1e-4, "user " + user);
        }
        org.junit.jupiter.api.Assertions.assertEquals(alone.predict(-1), model.newMovie(encoded, new int[0]).predict(-1), 1e-9);
    }

    @Test
    void aNewFilmByADirectorOneGroupLovesIsPredictedHigherForThatGroup() {
        NewMovie loved = newMovie(List.of("Drama"), List.of("Director 2"));
        NewMovie neutral = newMovie(List.of("Drama"), List.of("Director 20"));
        double lovedGap = meanPrediction(loved, 0) - meanPrediction(loved, 1);
        double neutralGap = meanPrediction(neutral, 0) - meanPrediction(neutral, 1);
        System.out.printf("group A − group B: director 2 %.3f, director 20 %.3f%n", lovedGap, neutralGap);
        assertTrue(lovedGap > 1.0, "planted gap 2.4 stars, predicted " + lovedGap);
        assertTrue(Math.abs(neutralGap) < lovedGap / 3, "a neutral director's gap " + neutralGap);
    }

    @Test
    void aNewMovieWhoseContentSaysNothingLandsNearEachUsersOwnMean() {
        NewMovie blank = newMovie(List.of(), List.of());
        int within = 0;
        double worst = 0;
        for (int u = 0; u < data.userCount(); u++) {
            double gap = Math.abs(blank.predict(u) - userMean[u]);
            worst = Math.max(worst, gap);
            within += gap <= 0.3 ? 1 : 0;
        }
        System.out.printf("uninformative content: %d of %d users within ±0.3 of their mean (worst %.3f)%n", within,
                data.userCount(), worst);
        assertTrue(within >= 0.95 * data.userCount(), within + " of " + data.userCount() + " within ±0.3, worst " + worst);
    }

    @Test
    void theAverageUsersAnswerMatchesTheMeanRatingOfComparableMovies() {
        // Comparable: rated Horror and Comedy films of neutral directors.
        for (String genre : List.of("Horror", "Comedy")) {
            double sum = 0;
            int n = 0;
            for (int r = 0; r < data.size(); r++) {
                int m = data.itemId(data.item(r)) - 1;
                if (GENRES[m % GENRES.length].equals(genre) && m % DIRECTORS >= 5) {
                    sum += data.rating(r);
                    n++;
                }
            }
            double actual = sum / n;
            double predicted = newMovie(List.of(genre), List.of("Someone New")).predict(-1);
            System.out.printf("%s: average user %.3f, comparable movies' mean %.3f%n", genre, predicted, actual);
            assertTrue(Math.abs(predicted - actual) < 0.2, genre + ": " + predicted + " vs " + actual);
        }
    }
}
