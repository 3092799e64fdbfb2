package dev.recsys.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.sample.SampleDataGenerator.Format;
import dev.recsys.sample.SampleDataGenerator.Options;
import dev.recsys.sample.SampleDataGenerator.Summary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void theSameSeedWritesTheSameBytes() throws IOException {
        Options options = Options.small(dir.resolve("a")).withSize(80, 400, 5_000);
        new SampleDataGenerator(options).write();
        new SampleDataGenerator(new Options(dir.resolve("b"), options.seed(), 80, 400, 5_000, Format.CSV, true,
                options.imdbExtraTitles(), false, null)).write();
        for (String file : List.of("movies.csv", "ratings.csv", "links.csv", "tags.csv", "title.principals.tsv.gz")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(file)),
                    Files.readAllBytes(dir.resolve("b").resolve(file)), file);
        }
    }

    @Test
    void writesTheCsvLayoutWithHeadersAndTheRequestedSize() throws IOException {
        Summary summary = new SampleDataGenerator(Options.small(dir).withSize(100, 500, 10_000)).write();
        List<String> ratings = Files.readAllLines(dir.resolve("ratings.csv"));
        assertEquals("userId,movieId,rating,timestamp", ratings.get(0));
        assertEquals(summary.ratings(), ratings.size() - 1);
        assertTrue(summary.ratings() > 7_000 && summary.ratings() < 14_000, "about the requested 10,000: " + summary.ratings());
        assertEquals("movieId,title,genres", Files.readAllLines(dir.resolve("movies.csv")).get(0));
        assertEquals(501, Files.readAllLines(dir.resolve("links.csv")).size());
        for (String line : ratings.subList(1, ratings.size())) {
            double rating = Double.parseDouble(line.split(",")[2]);
            assertTrue(rating >= 0.5 && rating <= 5.0 && rating * 2 == Math.rint(rating * 2), line);
        }
    }

    @Test
    void directorsPredictRatings() throws IOException {
        // Content must carry signal: movies of a director that is good in one half of the users'
        // ratings are rated well by the other half too.
        new SampleDataGenerator(Options.small(dir).withSize(400, 300, 40_000)).write();
        SampleWorld world = new SampleWorld(42, 300, 400);
        Map<Integer, Integer> directorOf = new HashMap<>();
        world.movies.forEach(m -> directorOf.put(m.movieId(), m.director().nconst()));
        Map<Integer, double[]> firstHalf = new HashMap<>();
        Map<Integer, double[]> secondHalf = new HashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("ratings.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int director = directorOf.get(Integer.parseInt(f[1]));
            Map<Integer, double[]> half = Integer.parseInt(f[0]) % 2 == 0 ? firstHalf : secondHalf;
            double[] sum = half.computeIfAbsent(director, d -> new double[2]);
            sum[0] += Double.parseDouble(f[2]);
            sum[1]++;
        }
        double correlation = correlation(firstHalf, secondHalf);
        assertTrue(correlation > 0.5, "director means agree across user halves: r = " + correlation);
    }

    private static double correlation(Map<Integer, double[]> a, Map<Integer, double[]> b) {
        double[] xs = a.keySet().stream().filter(b::containsKey).filter(k -> a.get(k)[1] >= 10 && b.get(k)[1] >= 10)
                .mapToDouble(k -> a.get(k)[0] / a.get(k)[1]).toArray();
        double[] ys = a.keySet().stream().filter(b::containsKey).filter(k -> a.get(k)[1] >= 10 && b.get(k)[1] >= 10)
                .mapToDouble(k -> b.get(k)[0] / b.get(k)[1]).toArray();
        double mx = java.util.Arrays.stream(xs).average().orElse(0);
        double my = java.util.Arrays.stream(ys).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < xs.length; i++) {
            sxy += (xs[i] - mx) * (ys[i] - my);
            sxx += (xs[i] - mx) * (xs[i] - mx);
            syy += (ys[i] - my) * (ys[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
