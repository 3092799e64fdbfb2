package dev.recsys.model.bench;

import dev.recsys.model.data.RatingData;
import dev.recsys.model.eval.Baselines;
import dev.recsys.model.eval.Evaluator;
import dev.recsys.model.eval.Metrics;
import dev.recsys.model.eval.Split;
import dev.recsys.model.hybrid.ContentVocabulary;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.HybridTrainer;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.ModelParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains the hybrid model on a MovieLens CSV release directory (movies.csv genres and titles as
 * content, no IMDb) with default parameters and a random 10% split, and prints model and baseline
 * metrics. Run by {@code bench/model-accuracy.sh}; not a test.
 */
public final class MovieLensAccuracyBench {

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<String> movies = Files.readAllLines(dir.resolve("movies.csv"), StandardCharsets.UTF_8);
        int[] movieIds = new int[movies.size() - 1];
        ItemContent[] content = new ItemContent[movieIds.length];
        for (int m = 1; m < movies.size(); m++) {
            String line = movies.get(m);
            int first = line.indexOf(',');
            int last = line.lastIndexOf(',');
            movieIds[m - 1] = Integer.parseInt(line.substring(0, first));
            String title = line.substring(first + 1, last).replace("\"", "");
            String genres = line.substring(last + 1).strip();
            content[m - 1] = new ItemContent(genres.equals("(no genres listed)") ? List.of() : List.of(genres.split("\\|")),
                    title, List.of(), List.of(), List.of(), null, null, null, null);
        }
        Integer[] order = new Integer[movieIds.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Integer.compare(movieIds[a], movieIds[b]));
        int[] sortedIds = new int[movieIds.length];
        ItemContent[] sortedContent = new ItemContent[movieIds.length];
        for (int i = 0; i < order.length; i++) {
            sortedIds[i] = movieIds[order[i]];
            sortedContent[i] = content[order[i]];
        }
        List<String> lines = Files.readAllLines(dir.resolve("ratings.csv"), StandardCharsets.UTF_8);
        int n = lines.size() - 1;
        int[] users = new int[n];
        int[] items = new int[n];
        float[] ratings = new float[n];
        long[] times = new long[n];
        for (int r = 0; r < n; r++) {
            String[] f = lines.get(r + 1).strip().split(",");
            users[r] = Integer.parseInt(f[0]);
            items[r] = Integer.parseInt(f[1]);
            ratings[r] = Float.parseFloat(f[2]);
            times[r] = Long.parseLong(f[3]);
        }
        RatingData data = RatingData.fromIds(users, items, ratings, times, sortedIds);
        Split split = Split.of(data, Split.Kind.RANDOM, 0.1, 42);
        Evaluator evaluator = new Evaluator(data, split, 10_000, 42);
        Baselines.Report baselines = Baselines.evaluate(data, split, evaluator);
        ContentVocabulary vocabulary = ContentVocabulary.build(List.of(sortedContent));
        List<ContentVocabulary.Encoded> encoded = new ArrayList<>();
        for (ItemContent item : sortedContent) {
            encoded.add(vocabulary.encode(item));
        }
        ModelParams d = ModelParams.defaults();
        // -Dmodel.<name>=value overrides a default, for tuning runs.
        ModelParams params = new ModelParams(Integer.getInteger("model.epochs", d.epochs()),
                Integer.getInteger("model.dimension", d.dimension()), d.contentDimension(), d.hidden(),
                Integer.getInteger("model.batchSize", d.batchSize()),
                Float.parseFloat(System.getProperty("model.learningRate", "" + d.learningRate())),
                Float.parseFloat(System.getProperty("model.regularization", "" + d.regularization())),
                Float.parseFloat(System.getProperty("model.idDropout", "" + d.idDropout())),
                Float.parseFloat(System.getProperty("model.rankingWeight", "" + d.rankingWeight())), d.seed());
        long started = System.nanoTime();
        try (HybridModel model = HybridTrainer.train(data, split.train(), vocabulary,
                encoded.toArray(ContentVocabulary.Encoded[]::new), params, new HybridTrainer.Listener() {
                    @Override
                    public void onProgress(int epoch, long done, long total, double rate) {
                    }

                    @Override
                    public void onEpoch(int epoch, double loss, double seconds, HybridModel model) {
                        System.out.printf("epoch %2d  loss %.4f  %.2f s  %.0f samples/s%n", epoch, loss, seconds,
                                split.train().length / seconds);
                    }
                })) {
            double trainSeconds = (System.nanoTime() - started) / 1e9;
            Metrics metrics = evaluator.errors(model::predict).withRanking(evaluator.ranking(model::scores));
            System.out.printf("%s: %d ratings, %d users, %d movies; params %s%n", dir, n, data.userCount(),
                    data.itemCount(), params);
            System.out.printf("training: %.1f s%n", trainSeconds);
            print("model", metrics);
            print("bias", baselines.bias());
            print("popularity", baselines.popularity());
            print("globalMean", baselines.globalMean());
        }
    }

    private static void print(String name, Metrics m) {
        System.out.printf("%-11s RMSE %s  MAE %s  NDCG@10 %s  Recall@10 %s  HitRate@10 %s%n", name, f(m.rmse()), f(m.mae()),
                f(m.ndcgAt10()), f(m.recallAt10()), f(m.hitRateAt10()));
    }

    private static String f(Double value) {
        return value == null ? "  -   " : String.format("%.4f", value);
    }
}
