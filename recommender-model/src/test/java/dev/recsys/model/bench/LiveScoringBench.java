package dev.recsys.model.bench;

import dev.recsys.model.TopK;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.LiveRanking;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The cost of a live list in the service's own code path: fold-in from a user's current ratings,
 * LiveRanking's blended scores over every movie, excluded movies out, top 1,000. A model trained
 * (one epoch) on a generated catalog of MOVIES movies; users of 10 and of 500 ratings, one thread.
 *
 * <pre>LiveScoringBench [users] [movies] [ratings]   (default 50000 62000 2000000)</pre>
 */
public final class LiveScoringBench {

    private LiveScoringBench() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int movies = args.length > 1 ? Integer.parseInt(args[1]) : 62_000;
        int ratings = args.length > 2 ? Integer.parseInt(args[2]) : 2_000_000;
        try (HybridModel model = GeneratedModel.trainOneEpoch("live-bench", users, movies, ratings)) {
            LiveRanking live = new LiveRanking(model);
            for (int history : new int[] {10, 500}) {
                long[] micros = new long[2_000];
                SplittableRandom random = new SplittableRandom(history);
                float[] scores = new float[model.movieCount()];
                int[] top = new int[1_000];
                for (int r = 0; r < micros.length; r++) {
                    int[] items = random.ints(history, 0, model.movieCount()).distinct().toArray();
                    float[] values = new float[items.length];
                    for (int k = 0; k < items.length; k++) {
                        values[k] = 0.5f * (1 + random.nextInt(10));
                    }
                    long t = System.nanoTime();
                    live.scores(items, values, scores);
                    for (int item : items) {
                        scores[item] = Float.NEGATIVE_INFINITY;
                    }
                    TopK.select(scores, top);
                    micros[r] = (System.nanoTime() - t) / 1_000;
                }
                // The first 200 warm the JIT up.
                long[] measured = Arrays.copyOfRange(micros, 200, micros.length);
                Arrays.sort(measured);
                System.out.printf("%d ratings: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d lists of %d movies%n", history,
                        measured[measured.length / 2] / 1e3, measured[(int) (measured.length * 0.99)] / 1e3,
                        measured[measured.length - 1] / 1e3, measured.length, model.movieCount());
            }
        }
    }
}
