package dev.recsys.model.eval;

import dev.recsys.model.RatingScale;
import dev.recsys.model.TopK;
import dev.recsys.model.data.RatingData;
import dev.recsys.model.data.UserSample;
import dev.recsys.model.hybrid.ContentVocabulary;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.HybridTrainer;
import dev.recsys.model.hybrid.ModelParams;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The cold-movie protocol: a seeded share of the movies with at least {@link #MIN_RATINGS} training
 * ratings lose all of them, a model is fitted on the rest with the same settings, and those movies
 * are then scored from their content alone, against the simple answers a new movie would otherwise
 * get: the user's mean plus the mean offset of the movie's genres (per rating), the mean rating of
 * its genres (per movie, for movies with at least {@link #MIN_RATINGS_FOR_MEAN} ratings, average
 * user), and popularity within genre (ranking among the held-out movies, NDCG@10).
 */
public final class ColdMovieEvaluation {

    public static final int MIN_RATINGS = 5;
    public static final int MIN_RATINGS_FOR_MEAN = 20;

    private ColdMovieEvaluation() {
    }

    public record Result(int movies, int ratings, double rmse, double userMeanGenreRmse, int moviesWithMean,
                         Double movieMeanRmse, Double genreMeanRmse, Double ndcgAt10, Double genrePopularityNdcgAt10) {
    }

    /** The held-out movies (dense indices, sorted): {@code fraction} of those with enough ratings in {@code train}. */
    public static int[] heldOutMovies(RatingData data, int[] train, double fraction, long seed) {
        int[] counts = new int[data.itemCount()];
        for (int r : train) {
            counts[data.item(r)]++;
        }
        SplittableRandom random = new SplittableRandom(seed);
        return java.util.stream.IntStream.range(0, data.itemCount())
                .filter(i -> counts[i] >= MIN_RATINGS && random.nextDouble() < fraction).toArray();
    }

    /** The check fits on at most this many ratings (whole users, sampled), so it stays a fraction of a run on large catalogs. */
    public static final int MAX_RATINGS = 2_000_000;

    /** Fits on {@code train} less the held-out movies' ratings and scores those ratings; null when no movie qualifies. */
    public static Result evaluate(RatingData data, int[] allTrain, ContentVocabulary vocabulary,
                                  ContentVocabulary.Encoded[] content, ModelParams params, double fraction,
                                  HybridTrainer.Listener listener) {
        int[] train = UserSample.of(data, allTrain, MAX_RATINGS, params.seed());
        int[] cold = heldOutMovies(data, train, fraction, params.seed());
        if (cold.length == 0) {
            return null;
        }
        boolean[] isCold = new boolean[data.itemCount()];
        for (int i : cold) {
            isCold[i] = true;
        }
        int[] warmTrain = Arrays.stream(train).filter(r -> !isCold[data.item(r)]).toArray();
        int[] coldRatings = Arrays.stream(train).filter(r -> isCold[data.item(r)]).toArray();
        try (HybridModel model = HybridTrainer.train(data, warmTrain, vocabulary, content, params, listener)) {
            return score(data, warmTrain, coldRatings, cold, content, model::predict, model::predictWithoutUser,
                    model::scores, MIN_RATINGS_FOR_MEAN);
        }
    }

    /** The protocol's numbers for any predictor: package-private so that tests can check them by hand. */
    static Result score(RatingData data, int[] warmTrain, int[] coldRatings, int[] cold, ContentVocabulary.Encoded[] content,
                        Evaluator.RatingPredictor predictor, java.util.function.IntToDoubleFunction averageUser,
                        Evaluator.ItemScorer scorer, int minRatingsForMean) {
        int users = data.userCount();
        double[] userSum = new double[users];
        int[] userCount = new int[users];
        double sum = 0;
        for (int r : warmTrain) {
            userSum[data.user(r)] += data.rating(r);
            userCount[data.user(r)]++;
            sum += data.rating(r);
        }
        double mean = warmTrain.length == 0 ? 0 : sum / warmTrain.length;
        double[] userMean = new double[users];
        for (int u = 0; u < users; u++) {
            userMean[u] = userCount[u] == 0 ? mean : userSum[u] / userCount[u];
        }
        int genres = 0;
        for (ContentVocabulary.Encoded c : content) {
            for (int g : c.genres()) {
                genres = Math.max(genres, g + 1);
            }
        }
        double[] offsetSum = new double[genres];
        double[] ratingSum = new double[genres];
        int[] genreRatings = new int[genres];
        int[] genreMovies = new int[genres];
        boolean[] hasRatings = new boolean[data.itemCount()];
        for (int r : warmTrain) {
            hasRatings[data.item(r)] = true;
            for (int g : content[data.item(r)].genres()) {
                offsetSum[g] += data.rating(r) - userMean[data.user(r)];
                ratingSum[g] += data.rating(r);
                genreRatings[g]++;
            }
        }
        for (int i = 0; i < data.itemCount(); i++) {
            if (hasRatings[i]) {
                for (int g : content[i].genres()) {
                    genreMovies[g]++;
                }
            }
        }
        double squared = 0;
        double baselineSquared = 0;
        double[] movieSum = new double[data.itemCount()];
        int[] movieCount = new int[data.itemCount()];
        for (int r : coldRatings) {
            int u = data.user(r);
            int i = data.item(r);
            double error = RatingScale.clamp(predictor.predict(u, i)) - data.rating(r);
            squared += error * error;
            double offset = 0;
            int[] g = content[i].genres();
            for (int genre : g) {
                offset += genreRatings[genre] == 0 ? 0 : offsetSum[genre] / genreRatings[genre];
            }
            double baseline = RatingScale.clamp(userMean[u] + (g.length == 0 ? 0 : offset / g.length));
            baselineSquared += (baseline - data.rating(r)) * (baseline - data.rating(r));
            movieSum[i] += data.rating(r);
            movieCount[i]++;
        }
        int withMean = 0;
        double movieSquared = 0;
        double genreSquared = 0;
        for (int i : cold) {
            if (movieCount[i] < minRatingsForMean) {
                continue;
            }
            withMean++;
            double actual = movieSum[i] / movieCount[i];
            double predicted = RatingScale.clamp(averageUser.applyAsDouble(i));
            movieSquared += (predicted - actual) * (predicted - actual);
            double genreMean = 0;
            int[] g = content[i].genres();
            for (int genre : g) {
                genreMean += genreRatings[genre] == 0 ? mean : ratingSum[genre] / genreRatings[genre];
            }
            genreMean = g.length == 0 ? mean : genreMean / g.length;
            genreSquared += (genreMean - actual) * (genreMean - actual);
        }
        double[] genrePopularity = new double[genres];
        for (int g = 0; g < genres; g++) {
            genrePopularity[g] = genreMovies[g] == 0 ? 0 : (double) genreRatings[g] / genreMovies[g];
        }
        float[] popularity = new float[data.itemCount()];
        for (int i : cold) {
            double total = 0;
            for (int g : content[i].genres()) {
                total += genrePopularity[g];
            }
            popularity[i] = content[i].genres().length == 0 ? 0 : (float) (total / content[i].genres().length);
        }
        double[] ndcg = rankAmongCold(data, coldRatings, cold, scorer, (u, out) -> System.arraycopy(popularity, 0, out, 0,
                out.length));
        int n = coldRatings.length;
        return new Result(cold.length, n, n == 0 ? Double.NaN : Math.sqrt(squared / n),
                n == 0 ? Double.NaN : Math.sqrt(baselineSquared / n), withMean,
                withMean == 0 ? null : Math.sqrt(movieSquared / withMean), withMean == 0 ? null : Math.sqrt(genreSquared / withMean),
                ndcg == null ? null : ndcg[0], ndcg == null ? null : ndcg[1]);
    }

    /** NDCG@10 of the model and of the baseline, ranking only the held-out movies, for users who rated one ≥ 4. */
    private static double[] rankAmongCold(RatingData data, int[] coldRatings, int[] cold, Evaluator.ItemScorer model,
                                          Evaluator.ItemScorer baseline) {
        java.util.Map<Integer, java.util.Set<Integer>> relevant = new java.util.TreeMap<>();
        for (int r : coldRatings) {
            if (data.rating(r) >= Evaluator.RELEVANT) {
                relevant.computeIfAbsent(data.user(r), u -> new java.util.HashSet<>()).add(data.item(r));
            }
        }
        if (relevant.isEmpty()) {
            return null;
        }
        double[] totals = new double[2];
        float[] all = new float[data.itemCount()];
        float[] candidates = new float[cold.length];
        int[] top = new int[Math.min(Evaluator.K, cold.length)];
        Evaluator.ItemScorer[] scorers = {model, baseline};
        for (var entry : relevant.entrySet()) {
            for (int s = 0; s < 2; s++) {
                scorers[s].scores(entry.getKey(), all);
                for (int c = 0; c < cold.length; c++) {
                    candidates[c] = all[cold[c]];
                }
                int found = TopK.select(candidates, top);
                totals[s] += Evaluator.ndcg(top, found, c -> entry.getValue().contains(cold[c]), entry.getValue().size());
            }
        }
        return new double[] {totals[0] / relevant.size(), totals[1] / relevant.size()};
    }
}
