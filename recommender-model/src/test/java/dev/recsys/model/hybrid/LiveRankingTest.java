package dev.recsys.model.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.TopK;
import dev.recsys.model.data.RatingData;
import dev.recsys.model.eval.FreshUsers;
import dev.recsys.model.eval.Metrics;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lists from a user's current ratings, on planted tastes: users 1-300 like one of three clusters
 * (movies 1-60, 61-120, 121-180), and movies 181-200 are watched by everyone and liked by nobody: the
 * most-rated movies, and the wrong answer for every user.
 */
class LiveRankingTest {

    static {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private static RatingData data;
    private static HybridModel model;

    @BeforeAll
    static void train() {
        SplittableRandom random = new SplittableRandom(3);
        PlantedRatings planted = new PlantedRatings();
        for (int user = 1; user <= 300; user++) {
            int first = 1 + 60 * (user % 3);
            for (int movie = first; movie < first + 60; movie++) {
                if (random.nextDouble() < 0.3) {
                    planted.add(user, movie, random.nextBoolean() ? 4 : 5);
                }
            }
            for (int movie = 181; movie <= 200; movie++) {
                if (random.nextDouble() < 0.6) {
                    planted.add(user, movie, random.nextBoolean() ? 2 : 3);
                }
            }
        }
        int[] movieIds = new int[200];
        Arrays.setAll(movieIds, i -> i + 1);
        data = planted.data(movieIds);
        ItemContent[] content = new ItemContent[200];
        for (int m = 0; m < 200; m++) {
            content[m] = new ItemContent(List.of("Drama"), "Movie " + (m + 1), List.of(), List.of(), List.of(), 2000,
                    null, null, null);
        }
        model = PlantedRatings.train(data, content, 8);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void fiveRatingsOfOneClusterMakeAListOfThatClusterAndFiveMoreOfAnotherMoveIt() {
        LiveRanking live = new LiveRanking(model);
        int[] first = items(1, 2, 3, 4, 5);
        List<Integer> ofFirst = top(live, first, new float[] {5, 5, 4, 5, 4});
        assertTrue(ofFirst.stream().filter(id -> id <= 60).count() >= 7, "five ratings of cluster 1-60: " + ofFirst);

        int[] both = items(1, 2, 3, 4, 5, 61, 62, 63, 64, 65);
        List<Integer> ofBoth = top(live, both, new float[] {5, 5, 4, 5, 4, 5, 5, 5, 5, 5});
        long second = ofBoth.stream().filter(id -> id > 60 && id <= 120).count();
        assertTrue(second >= 3, "five more ratings of cluster 61-120 bring it in: " + ofBoth);
        assertTrue(ofBoth.stream().filter(id -> id <= 60).count() >= 2, "the first cluster stays: " + ofBoth);
    }

    @Test
    void foldingInByMovieIdKeepsTheLatestRatingsOfKnownMovies() {
        LiveRanking live = new LiveRanking(model);
        assertTrue(live.foldInLatest(new int[] {9_999, 10_000}, new float[] {5, 4}).isEmpty(), "no movie the model knows");

        // Latest first: one unknown movie is skipped, and of the rest only the latest MAX_FOLD_IN_RATINGS count.
        int n = LiveRanking.MAX_FOLD_IN_RATINGS + 50;
        int[] movieIds = new int[n];
        float[] ratings = new float[n];
        for (int k = 0; k < n; k++) {
            movieIds[k] = k == 3 ? 9_999 : 1 + k % 200;
            ratings[k] = k < LiveRanking.MAX_FOLD_IN_RATINGS + 1 ? 5 : 1;
        }
        HybridModel.FoldedUser folded = live.foldInLatest(movieIds, ratings).orElseThrow();
        int[] known = new int[LiveRanking.MAX_FOLD_IN_RATINGS];
        float[] latest = new float[known.length];
        for (int k = 0, m = 0; m < known.length; k++) {
            if (k != 3) {
                known[m] = model.movieIndex(movieIds[k]);
                latest[m++] = ratings[k];
            }
        }
        HybridModel.FoldedUser expected = live.foldIn(known, latest);
        assertEquals(Arrays.toString(expected.vector()), Arrays.toString(folded.vector()));
        assertEquals(expected.bias(), folded.bias());
        assertEquals(200, folded.likedItems().length, "every movie read was rated 5");
    }

    @Test
    void popularityWeighsLessTheMoreAUserHasRated() {
        LiveRanking live = new LiveRanking(model, 0.5f);
        assertEquals(1.0f, live.popularityWeight(0), 1e-6);
        assertEquals(0.5f, live.popularityWeight(LiveRanking.HALF_LIFE_RATINGS), 1e-6);
        assertEquals(1.0f / 11, live.popularityWeight(100), 1e-6);
    }

    @Test
    void freshUsersProtocolRanksTheLiveListAboveMostPopularOnPlantedTastes() {
        FreshUsers fresh = FreshUsers.select(data, 0.2, 42, 4.0f, 10);
        assertTrue(fresh.evaluatedCount() > 20, "fresh users evaluated: " + fresh.evaluatedCount());
        int[] all = new int[data.size()];
        Arrays.setAll(all, r -> r);
        Metrics.RankingMetrics popular = fresh.ranking(FreshUsers.mostPopular(data, all));
        Metrics.RankingMetrics liveList = fresh.ranking(new LiveRanking(model)::scores);
        assertTrue(liveList.ndcg() > 1.5 * popular.ndcg(), "live " + liveList + " vs popular " + popular);
    }

    private static int[] items(int... movieIds) {
        return Arrays.stream(movieIds).map(model::movieIndex).toArray();
    }

    private static List<Integer> top(LiveRanking live, int[] items, float[] ratings) {
        float[] scores = new float[model.movieCount()];
        live.scores(items, ratings, scores);
        for (int item : items) {
            scores[item] = Float.NEGATIVE_INFINITY;
        }
        int[] top = new int[10];
        int found = TopK.select(scores, top);
        return Arrays.stream(top, 0, found).map(model::movieId).boxed().toList();
    }
}
