package dev.recsys.model.bench;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.publicrating.FranchiseKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Real held-out sequels (-Dbench.sequels=true in {@link MovieLensAccuracyBench}): every movie whose title continues a
 * catalog movie's ("Toy Story 2", "... Part II", "...: Subtitle", {@link FranchiseKeys}) and came out later loses all its
 * ratings before training; each is then scored as a described new movie, as POST /predictions/new-movie does, with and
 * without its franchise's training movies, against the simplest rival: the mean rating of those movies.
 */
final class SequelHoldout {

    /** A held-out sequel (catalog index) and its predecessors still in training (catalog indices). */
    record Sequel(int movie, int[] predecessors) {
    }

    private final List<Sequel> sequels;
    private final boolean[] heldOut;

    private SequelHoldout(List<Sequel> sequels, boolean[] heldOut) {
        this.sequels = sequels;
        this.heldOut = heldOut;
    }

    /** Sequels: a movie that says it continues one and a movie sharing its franchise key came out earlier. */
    static SequelHoldout find(ItemContent[] content) {
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (int i = 0; i < content.length; i++) {
            for (String key : FranchiseKeys.of(content[i])) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        boolean[] heldOut = new boolean[content.length];
        for (int i = 0; i < content.length; i++) {
            if (!FranchiseKeys.continuesOne(content[i]) || content[i].year() == null) {
                continue;
            }
            for (String key : FranchiseKeys.of(content[i])) {
                for (int j : byKey.get(key)) {
                    Integer year = content[j].year();
                    if (j != i && year != null && year < content[i].year()) {
                        heldOut[i] = true;
                    }
                }
            }
        }
        List<Sequel> sequels = new ArrayList<>();
        for (int i = 0; i < content.length; i++) {
            if (heldOut[i]) {
                Set<Integer> predecessors = new LinkedHashSet<>();
                for (String key : FranchiseKeys.of(content[i])) {
                    byKey.get(key).stream().filter(j -> !heldOut[j]).forEach(predecessors::add);
                }
                if (!predecessors.isEmpty()) {
                    sequels.add(new Sequel(i, predecessors.stream().mapToInt(Integer::intValue).toArray()));
                }
            }
        }
        return new SequelHoldout(sequels, heldOut);
    }

    boolean heldOut(int movie) {
        return heldOut[movie];
    }

    /**
     * Scores the held-out ratings ({@code users}, catalog {@code movies}, {@code ratings}) of sequels with at least
     * {@code minRatings} of them; {@code trainUsers}/{@code trainMovies}/{@code trainRatings} give the predecessors' means.
     */
    void report(HybridModel model, ItemContent[] content, int[] movieIds, int[] users, int[] movies, float[] ratings,
                int[] trainMovies, float[] trainRatings, int minRatings) {
        double[] sum = new double[content.length];
        int[] count = new int[content.length];
        for (int k = 0; k < trainMovies.length; k++) {
            sum[trainMovies[k]] += trainRatings[k];
            count[trainMovies[k]]++;
        }
        Map<Integer, List<Integer>> ratingsOf = new HashMap<>();
        for (int k = 0; k < movies.length; k++) {
            ratingsOf.computeIfAbsent(movies[k], m -> new ArrayList<>()).add(k);
        }
        double[] squared = new double[3];
        double[] movieAbs = new double[3];
        int rated = 0;
        int scored = 0;
        System.out.println("held-out sequel | ratings | actual mean | predecessors' mean | model with franchise | model without");
        for (Sequel s : sequels) {
            List<Integer> own = ratingsOf.getOrDefault(s.movie(), List.of());
            double predecessorSum = 0;
            int predecessorCount = 0;
            List<Integer> served = new ArrayList<>();
            for (int p : s.predecessors()) {
                predecessorSum += sum[p];
                predecessorCount += count[p];
                int index = model.movieIndex(movieIds[p]);
                if (index >= 0) {
                    served.add(index);
                }
            }
            if (own.size() < minRatings || predecessorCount == 0) {
                continue;
            }
            var encoded = model.vocabulary().encode(content[s.movie()]);
            var withFranchise = model.newMovie(encoded, served.stream().mapToInt(Integer::intValue).toArray());
            var without = model.newMovie(encoded);
            double predecessorMean = predecessorSum / predecessorCount;
            double[] means = new double[3];
            double actual = 0;
            int n = 0;
            for (int k : own) {
                int user = model.userIndex(users[k]);
                if (user < 0) {
                    continue;
                }
                double[] predicted = {predecessorMean, clamp(withFranchise.predict(user)), clamp(without.predict(user))};
                for (int e = 0; e < 3; e++) {
                    squared[e] += (predicted[e] - ratings[k]) * (predicted[e] - ratings[k]);
                    means[e] += predicted[e];
                }
                actual += ratings[k];
                n++;
            }
            if (n == 0) {
                continue;
            }
            rated += n;
            scored++;
            for (int e = 0; e < 3; e++) {
                movieAbs[e] += Math.abs(means[e] / n - actual / n);
            }
            System.out.printf("%s (%d) | %d | %.2f | %.2f | %.2f | %.2f%n", content[s.movie()].title(), content[s.movie()].year(),
                    n, actual / n, means[0] / n, means[1] / n, means[2] / n);
        }
        System.out.printf("sequels: %d held out, %d scored (>= %d ratings by known users), %d ratings%n",
                java.util.stream.IntStream.range(0, heldOut.length).filter(i -> heldOut[i]).count(), scored, minRatings, rated);
        String[] names = {"predecessors' mean", "model with franchise", "model without franchise"};
        for (int e = 0; e < 3; e++) {
            System.out.printf("%-24s per-rating RMSE %.4f, per-movie |mean error| %.4f%n", names[e],
                    Math.sqrt(squared[e] / rated), movieAbs[e] / scored);
        }
    }

    private static double clamp(double rating) {
        return Math.max(0.5, Math.min(5, rating));
    }
}
