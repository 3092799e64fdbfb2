package dev.recsys.model.publicrating;

import dev.recsys.model.DenseSystem;
import dev.recsys.model.hybrid.ItemContent;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Fits a {@link PublicRatingModel} on the movies with a public rating from at least {@link #MIN_VOTES}
 * votes ({@link #targets}: IMDb's, else TMDB's). Target: the average; weight votes / (votes + {@link #VOTE_HALF_WEIGHT}), so a rating
 * from a handful of votes counts little and a well-known movie's counts at most 1. Five folds give
 * every movie an out-of-fold prediction (each fold's model fitted on the other four, people
 * encodings and text projection included): the encodings' shrinkage, the ridge strength and whether
 * the release text is read are the setting with the least out-of-fold error (without text on a tie,
 * and text only offered when enough movies have a release vector), the interval's
 * spread is a regression of the absolute out-of-fold errors on how unknown the people are, and its
 * width is the conformal quantile of error / spread at {@link PublicRatingModel#COVERAGE}. The served
 * model is then fitted on every movie.
 */
public final class PublicRatingFit {

    public static final int MIN_VOTES = 10;
    /** Fewer movies with a rating than this: no model (its interval could not be calibrated). */
    public static final int MIN_MOVIES = 40;
    static final double VOTE_HALF_WEIGHT = 10;
    static final int FOLDS = 5;
    static final double[] RIDGE = {1, 3, 10, 30};

    /** The movies a fit can learn from, with their targets, weights and votes (indexed like content), on one scale. */
    public record Targets(int[] rows, double[] rating, double[] weight, int[] votes, PublicRatingModel.Scale scale) {
    }

    private PublicRatingFit() {
    }

    /**
     * IMDb's ratings when at least {@link #MIN_MOVIES} movies have one from {@link #MIN_VOTES} votes; otherwise TMDB's
     * vote averages (a catalog loaded from TMDB alone), by the same rule.
     */
    public static Targets targets(ItemContent[] content) {
        Targets imdb = targets(content, PublicRatingModel.Scale.IMDB);
        return imdb.rows().length >= MIN_MOVIES ? imdb : targets(content, PublicRatingModel.Scale.TMDB);
    }

    private static Targets targets(ItemContent[] content, PublicRatingModel.Scale scale) {
        double[] y = new double[content.length];
        double[] w = new double[content.length];
        int[] votes = new int[content.length];
        for (int i = 0; i < content.length; i++) {
            ItemContent c = content[i];
            Float rating = scale == PublicRatingModel.Scale.IMDB ? c.imdbRating() : c.release() == null ? null : c.release().tmdbRating();
            Integer count = scale == PublicRatingModel.Scale.IMDB ? c.imdbVotes() : c.release() == null ? null : c.release().tmdbVotes();
            if (rating != null && count != null && count >= MIN_VOTES) {
                y[i] = rating;
                votes[i] = count;
                w[i] = count / (count + VOTE_HALF_WEIGHT);
            }
        }
        int[] rows = IntStream.range(0, content.length).filter(i -> votes[i] > 0).toArray();
        return new Targets(rows, y, w, votes, scale);
    }

    /** Fits on {@code rows} of {@code targets} ({@code movieIds} aligned with content, for the released-movie list). */
    public static PublicRatingModel fit(ItemContent[] content, int[] movieIds, Targets targets, int[] rows, long seed) {
        return fit(content, movieIds, targets, rows, seed, PublicRatingFeatures.SHRINKAGES, RIDGE, new boolean[] {false, true});
    }

    /**
     * The same with the shrinkage, ridge strength and text choice of an evaluated fit ({@code settingsOf})
     * instead of a search: the served model is refitted with the settings its evaluation chose, as the main
     * model is.
     */
    public static PublicRatingModel refit(ItemContent[] content, int[] movieIds, Targets targets, int[] rows, long seed,
                                          PublicRatingModel settingsOf) {
        return fit(content, movieIds, targets, rows, seed, new double[] {settingsOf.features.shrinkage},
                new double[] {settingsOf.ridge}, new boolean[] {settingsOf.readsText()});
    }

    /**
     * The served model's features on {@code rows} with the evaluated fit's settings, interval spread and floor, but no
     * ridge: for a model whose point the trees give (saves the ridge's cross-fit, a third of the step at 100,000
     * movies). The trees' interval quantile was calibrated against the evaluated spread, which this keeps.
     */
    static PublicRatingModel withoutRidge(ItemContent[] content, int[] movieIds, Targets targets, int[] rows, long seed,
                                          PublicRatingModel evaluated) {
        PublicRatingFeatures features = PublicRatingFeatures.build(content, targets.rating(), targets.weight(), rows,
                evaluated.features.shrinkage);
        if (evaluated.readsText()) {
            features = features.withText(ReleaseTextProjection.fit(content, rows, seed));
        }
        return new PublicRatingModel(features, null, evaluated.spread, evaluated.spreadFloor, evaluated.quantile,
                ReleasedMovies.of(content, movieIds, rows, targets), evaluated.ridge, targets.scale());
    }

    private static PublicRatingModel fit(ItemContent[] content, int[] movieIds, Targets targets, int[] rows, long seed,
                                         double[] shrinkages, double[] ridges, boolean[] textChoices) {
        double[] y = targets.rating();
        double[] w = targets.weight();
        int[] foldOf = PublicRatingFeatures.folds(rows.length, FOLDS, seed);
        int[][] innerOf = IntStream.range(0, FOLDS).mapToObj(f -> IntStream.range(0, rows.length)
                .filter(k -> foldOf[k] != f).map(k -> rows[k]).toArray()).toArray(int[][]::new);
        ReleaseTextProjection[] foldText = new ReleaseTextProjection[FOLDS];
        boolean[] texts = textsOffered(content, innerOf, seed, textChoices, foldText);
        // One out-of-fold prediction per movie for each (shrinkage, text, ridge) setting, in that order.
        double[][] predicted = new double[shrinkages.length * texts.length * ridges.length][rows.length];
        double[][] unknowns = new double[rows.length][];
        // Each (fold, shrinkage) pair is one task writing only its fold's rows: the pairs run on every core.
        IntStream.range(0, FOLDS * shrinkages.length).parallel().forEach(task -> {
            int f = task / shrinkages.length;
            int s = task % shrinkages.length;
            int[] inner = innerOf[f];
            PublicRatingFeatures features = PublicRatingFeatures.build(content, y, w, inner, shrinkages[s]);
            double[][] x = features.outOfFold(content, y, w, inner, FOLDS, seed + 1 + f);
            int[] held = IntStream.range(0, rows.length).filter(k -> foldOf[k] == f).toArray();
            int[] heldRows = Arrays.stream(held).map(k -> rows[k]).toArray();
            double[][] heldX = new double[held.length][];
            for (int h = 0; h < held.length; h++) {
                heldX[h] = features.features(content[heldRows[h]]);
                if (s == 0) {
                    unknowns[held[h]] = features.unknowns(heldX[h]);
                }
            }
            for (int t = 0; t < texts.length; t++) {
                double[][] fitX = texts[t] ? withText(foldText[f], x, content, inner) : x;
                double[][] predictX = texts[t] ? withText(foldText[f], heldX, content, heldRows) : heldX;
                for (int l = 0; l < ridges.length; l++) {
                    double[] beta = ridge(fitX, y, w, inner, ridges[l]);
                    for (int h = 0; h < held.length; h++) {
                        predicted[(s * texts.length + t) * ridges.length + l][held[h]] = PublicRatingModel.dot(beta, predictX[h]);
                    }
                }
            }
        });
        int best = 0;
        double bestError = Double.POSITIVE_INFINITY;
        for (int l = 0; l < predicted.length; l++) {
            double error = 0;
            for (int k = 0; k < rows.length; k++) {
                double e = predicted[l][k] - y[rows[k]];
                error += w[rows[k]] * e * e;
            }
            if (error < bestError) {
                bestError = error;
                best = l;
            }
        }
        double[] absError = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            absError[k] = Math.abs(predicted[best][k] - y[rows[k]]);
        }
        double[] spread = spreadRegression(unknowns, absError);
        double floor = 0.25 * Arrays.stream(absError).average().orElse(1);
        double[] scores = new double[rows.length];
        PublicRatingModel shape = new PublicRatingModel(null, null, spread, floor, 1, null, 0, targets.scale());
        for (int k = 0; k < rows.length; k++) {
            scores[k] = absError[k] / shape.spread(unknowns[k]);
        }
        double quantile = conformalQuantile(scores, PublicRatingModel.COVERAGE);

        PublicRatingFeatures features = PublicRatingFeatures.build(content, y, w, rows,
                shrinkages[best / (texts.length * ridges.length)]);
        if (texts[best / ridges.length % texts.length]) {
            features = features.withText(ReleaseTextProjection.fit(content, rows, seed));
        }
        double[] beta = ridge(features.outOfFold(content, y, w, rows, FOLDS, seed), y, w, rows, ridges[best % ridges.length]);
        return new PublicRatingModel(features, beta, spread, floor, quantile, ReleasedMovies.of(content, movieIds, rows, targets),
                ridges[best % ridges.length], targets.scale());
    }

    /**
     * The text choices the search can make ({@code choices} list "without" first): {@code choices} when
     * they include text and every fold's training rows have enough release vectors for a projection
     * (then fitted into {@code foldText}); otherwise without text only.
     */
    private static boolean[] textsOffered(ItemContent[] content, int[][] innerOf, long seed, boolean[] choices,
                                          ReleaseTextProjection[] foldText) {
        if (choices[choices.length - 1]) {
            IntStream.range(0, innerOf.length).parallel()
                    .forEach(f -> foldText[f] = ReleaseTextProjection.fit(content, innerOf[f], seed + 1 + f));
            if (Arrays.stream(foldText).allMatch(Objects::nonNull)) {
                return choices;
            }
        }
        return new boolean[] {false};
    }

    /** Each of {@code x} (the features of {@code rows} without text) followed by {@code text}'s part. */
    static double[][] withText(ReleaseTextProjection text, double[][] x, ItemContent[] content, int[] rows) {
        double[][] out = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            out[k] = text.appendTo(x[k], content[rows[k]].releaseTextVector());
        }
        return out;
    }

    /**
     * Minimises Σ w (y - x·β)² + λ |β|² (the intercept, feature 0, unpenalised) over the normal
     * equations, accumulated over each row's non-zero features only (one-hots are mostly zero).
     */
    static double[] ridge(double[][] x, double[] y, double[] w, int[] rows, double lambda) {
        int p = x[0].length;
        double[][] a = new double[p][p];
        double[] b = new double[p];
        int[] nonZero = new int[p];
        for (int k = 0; k < rows.length; k++) {
            double[] row = x[k];
            double weight = w[rows[k]];
            int n = 0;
            for (int j = 0; j < p; j++) {
                if (row[j] != 0) {
                    nonZero[n++] = j;
                }
            }
            for (int s = 0; s < n; s++) {
                int i = nonZero[s];
                double wi = weight * row[i];
                b[i] += wi * y[rows[k]];
                for (int t = 0; t < n; t++) {
                    a[i][nonZero[t]] += wi * row[nonZero[t]];
                }
            }
        }
        for (int j = 1; j < p; j++) {
            a[j][j] += lambda;
        }
        a[0][0] += 1e-9;
        return DenseSystem.solve(a, b);
    }

    /** Least squares of the absolute errors on [1, unknowns...]: the spread's shape (its scale comes from the quantile). */
    static double[] spreadRegression(double[][] unknowns, double[] absError) {
        int p = 1 + unknowns[0].length;
        double[][] a = new double[p][p];
        double[] b = new double[p];
        double[] row = new double[p];
        for (int k = 0; k < absError.length; k++) {
            row[0] = 1;
            System.arraycopy(unknowns[k], 0, row, 1, p - 1);
            for (int i = 0; i < p; i++) {
                b[i] += row[i] * absError[k];
                for (int j = 0; j < p; j++) {
                    a[i][j] += row[i] * row[j];
                }
            }
        }
        for (int j = 0; j < p; j++) {
            a[j][j] += 1e-6 * absError.length;
        }
        return DenseSystem.solve(a, b);
    }

    /** The ⌈(n + 1) · coverage⌉-th smallest score: split-conformal's finite-sample quantile. */
    static double conformalQuantile(double[] scores, double coverage) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil((sorted.length + 1) * coverage);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }
}
