package dev.recsys.model.bench;

import dev.recsys.model.rerank.RecommendationExposure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The batch's exposure step at ml-25m scale: {@link RecommendationExposure} over the 20,000 sampled users'
 * stored candidate lists (100 movies each, best first) drawn from a 62,423-movie catalog whose popularity
 * is Zipf-like, as real lists lean on the same well-liked movies. Times the step alone (the read of the
 * lists from PostgreSQL and the write of the result are not in it).
 *
 * <pre>ExposureBench [lists] [candidates] [movies] [seed]   (default 20000 100 62423 42)</pre>
 */
public final class ExposureBench {

    private static final int SHOWN = 10;

    private ExposureBench() {
    }

    public static void main(String[] args) {
        int listCount = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int candidates = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int movies = args.length > 2 ? Integer.parseInt(args[2]) : 62_423;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        SplittableRandom random = new SplittableRandom(seed);
        double[] cumulative = zipfCumulative(movies, 1.0);
        List<int[]> lists = new ArrayList<>(listCount);
        List<double[]> scores = new ArrayList<>(listCount);
        for (int u = 0; u < listCount; u++) {
            int[] list = distinctDraws(candidates, cumulative, random);
            double[] listScores = new double[candidates];
            for (int c = 0; c < candidates; c++) {
                // Best first, with gaps like a model's: a slow decline plus a little noise, kept sorted.
                listScores[c] = 4.5 - 1.5 * c / candidates + 0.01 * random.nextDouble();
            }
            Arrays.sort(listScores);
            reverse(listScores);
            lists.add(list);
            scores.add(listScores);
        }
        for (int run = 1; run <= 3; run++) {
            long started = System.nanoTime();
            Map<Integer, Double> exposure = RecommendationExposure.of(lists, scores, SHOWN);
            System.out.printf("run %d: exposure of %d movies from %d lists of %d in %.2f s%n", run, exposure.size(),
                    listCount, candidates, (System.nanoTime() - started) / 1e9);
        }
    }

    private static double[] zipfCumulative(int movies, double exponent) {
        double[] cumulative = new double[movies];
        double total = 0;
        for (int m = 0; m < movies; m++) {
            total += 1 / Math.pow(m + 1, exponent);
            cumulative[m] = total;
        }
        for (int m = 0; m < movies; m++) {
            cumulative[m] /= total;
        }
        return cumulative;
    }

    private static int[] distinctDraws(int count, double[] cumulative, SplittableRandom random) {
        int[] drawn = new int[count];
        Set<Integer> seen = new HashSet<>();
        int n = 0;
        while (n < count) {
            int index = Arrays.binarySearch(cumulative, random.nextDouble());
            int movie = index >= 0 ? index : Math.min(-index - 1, cumulative.length - 1);
            if (seen.add(movie)) {
                drawn[n++] = movie + 1;
            }
        }
        return drawn;
    }

    private static void reverse(double[] values) {
        for (int i = 0, j = values.length - 1; i < j; i++, j--) {
            double swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
