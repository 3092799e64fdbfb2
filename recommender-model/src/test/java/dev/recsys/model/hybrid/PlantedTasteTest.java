package dev.recsys.model.hybrid;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.TopK;
import dev.recsys.model.data.RatingData;
import dev.recsys.model.eval.Baselines;
import dev.recsys.model.eval.Evaluator;
import dev.recsys.model.eval.Metrics;
import dev.recsys.model.eval.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The "will pick" head recovers planted taste clusters that popularity cannot see: even users pick
 * among movies 1–100, odd users among 101–200, and everyone picks from 20 blockbusters (201–220).
 * Within each cluster the movies are about equally popular, so a popularity chart mixes the two, and
 * it puts first the blockbusters, which everyone watches but nobody rates 4 or more.
 */
class PlantedTasteTest {

    static {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    @Test
    void topNFollowsTheUsersClusterWherePopularityCannot() {
        SplittableRandom random = new SplittableRandom(5);
        List<int[]> pairs = new ArrayList<>();
        for (int user = 1; user <= 200; user++) {
            int first = user % 2 == 0 ? 1 : 101;
            for (int movie = first; movie < first + 100; movie++) {
                if (random.nextDouble() < 0.25) {
                    pairs.add(new int[] {user, movie});
                }
            }
            for (int movie = 201; movie <= 220; movie++) {
                if (random.nextDouble() < 0.8) {
                    pairs.add(new int[] {user, movie});
                }
            }
        }
        int n = pairs.size();
        float[] ratings = new float[n];
        for (int r = 0; r < n; r++) {
            // Users like the films of their taste (relevant) and only watch the blockbusters (not relevant).
            boolean blockbuster = pairs.get(r)[1] > 200;
            ratings[r] = blockbuster ? (random.nextBoolean() ? 2 : 3) : (random.nextBoolean() ? 4 : 5);
        }
        int[] movieIds = new int[220];
        Arrays.setAll(movieIds, i -> i + 1);
        RatingData data = RatingData.fromIds(pairs.stream().mapToInt(p -> p[0]).toArray(),
                pairs.stream().mapToInt(p -> p[1]).toArray(), ratings, new long[n], movieIds);
        Split split = Split.of(data, Split.Kind.RANDOM, 0.1, 42);
        Evaluator evaluator = new Evaluator(data, split, 1000, 42);
        Baselines.Report baselines = Baselines.evaluate(data, split, evaluator);
        ItemContent[] content = new ItemContent[220];
        Arrays.fill(content, ItemContent.empty());
        ContentVocabulary vocabulary = ContentVocabulary.build(List.of(content));
        ContentVocabulary.Encoded[] encoded = Arrays.stream(content).map(vocabulary::encode)
                .toArray(ContentVocabulary.Encoded[]::new);
        HybridTrainer.Listener quiet = new HybridTrainer.Listener() {
            @Override
            public void onProgress(int epoch, long done, long total, double rate) {
            }

            @Override
            public void onEpoch(int epoch, double loss, double seconds, HybridModel trained) {
            }
        };
        ModelParams tuned = HybridTuner.tune(data, split.train(), vocabulary, encoded, ModelParams.defaults(),
                Split.Kind.RANDOM, Evaluator.RELEVANT, 60, quiet, trial -> { }).params();
        try (HybridModel model = HybridTrainer.train(data, split.train(), vocabulary, encoded, tuned, quiet)) {
            Metrics.RankingMetrics ranking = evaluator.ranking(model::scores);
            double popularity = baselines.popularity().ndcgAt10();
            System.out.printf("planted clusters: model NDCG@10 %.3f, popularity %.3f, EASE %.3f (%s)%n", ranking.ndcg(),
                    popularity, baselines.ease().ndcgAt10(), tuned);
            assertTrue(ranking.ndcg() > 3 * popularity, ranking.ndcg() + " vs popularity " + popularity);
            // "Will like" in the blend keeps watched-but-disliked blockbusters down, which EASE alone cannot.
            assertTrue(ranking.ndcg() > baselines.ease().ndcgAt10(), ranking.ndcg() + " vs EASE " + baselines.ease().ndcgAt10());

            // Every user's top-10 of unrated movies stays inside their own cluster (or the blockbusters).
            float[] scores = new float[model.movieCount()];
            int[] top = new int[10];
            int outside = 0;
            for (int u = 0; u < model.userCount(); u++) {
                model.scores(u, scores);
                for (int item : model.trainedMovies(u)) {
                    scores[item] = Float.NEGATIVE_INFINITY;
                }
                int found = TopK.select(scores, top);
                boolean even = model.userId(u) % 2 == 0;
                for (int k = 0; k < found; k++) {
                    int movie = model.movieId(top[k]);
                    boolean own = movie > 200 || (even ? movie <= 100 : movie > 100);
                    outside += own ? 0 : 1;
                }
            }
            assertTrue(outside <= model.userCount() / 10, outside + " recommendations from the other cluster");
        }
    }
}
