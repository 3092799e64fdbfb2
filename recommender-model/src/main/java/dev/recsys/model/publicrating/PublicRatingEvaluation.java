package dev.recsys.model.publicrating;

import dev.recsys.model.hybrid.ItemContent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The public-rating model on held-out movies (docs/architecture.md, "public rating"): a seeded
 * {@link #HOLDOUT} of the movies with an IMDb rating is kept out of a separate fit, then predicted
 * by it, by the mean rating of their genres and, when given, by gradient-boosted trees on the same
 * inputs (the release text's part included when it was offered to the model). R², RMSE and MAE per movie (each movie counts once), and the share of held-out ratings
 * inside the 80 % interval with its mean width.
 */
public final class PublicRatingEvaluation {

    public static final double HOLDOUT = 0.2;

    /**
     * Gradient-boosted trees on the same inputs (kept out of the serving services, which read the fitted
     * {@link TreeEnsemble}): fitted on the rows' features (people encodings out of fold) and vote weights.
     */
    public interface TreeLearner {

        /** Its name and version, recorded with the metrics. */
        String name();

        /**
         * {@code rounds} 0: as many trees as keep lowering the error on a seeded tenth of the rows (fitted on the
         * others); otherwise exactly {@code rounds} trees on every row.
         */
        TreeEnsemble fit(double[][] x, double[] target, double[] weight, int rounds);
    }

    /** Errors of one predictor on the held-out movies; coverage and meanWidth of its 80 % interval, null without one. */
    public record Errors(double r2, double rmse, double mae, Double coverage, Double meanWidth) {
    }

    /**
     * Everything measured (trees and treesName null without trees), the evaluated ridge, the trees' size and interval
     * quantile (0 without trees), and each held-out movie's prediction by the served kind against its real rating.
     */
    public record Result(int trainMovies, int testMovies, Errors model, Errors genreMean, Errors trees, String treesName,
                         double seconds, PublicRatingModel evaluated, List<HeldOut> heldOut, int treeRounds,
                         double treeQuantile) {

        /** Trees are served when they had the lower held-out RMSE (and were fitted at all). */
        public boolean treesServed() {
            return trees != null && trees.rmse() < model.rmse();
        }

        /** What the served model predicts with: {@code ridge} or {@code trees}. */
        public String served() {
            return treesServed() ? "trees" : "ridge";
        }
    }

    /**
     * A held-out movie: its id (a catalog movie id, or minus the TMDB id of a movie no catalog movie links to), title,
     * year, what the evaluated model predicted with its 80 % interval, and the rating it got.
     */
    public record HeldOut(int id, String title, Integer year, double predicted, double low, double high, double actual) {
    }

    private PublicRatingEvaluation() {
    }

    /** Null when there are too few rated movies to hold some out ({@link PublicRatingFit#MIN_MOVIES}). */
    public static Result evaluate(ItemContent[] content, int[] movieIds, PublicRatingFit.Targets targets, long seed,
                                  TreeLearner trees) {
        long started = System.nanoTime();
        int[] all = targets.rows();
        if (all.length < PublicRatingFit.MIN_MOVIES) {
            return null;
        }
        int[] foldOf = PublicRatingFeatures.folds(all.length, (int) Math.round(1 / HOLDOUT), seed ^ 0x5eed);
        int[] train = IntStream.range(0, all.length).filter(k -> foldOf[k] != 0).map(k -> all[k]).toArray();
        int[] test = IntStream.range(0, all.length).filter(k -> foldOf[k] == 0).map(k -> all[k]).toArray();
        double[] y = targets.rating();

        PublicRatingModel model = PublicRatingFit.fit(content, movieIds, targets, train, seed);
        double[] actual = Arrays.stream(test).mapToDouble(i -> y[i]).toArray();
        double[] spread = Arrays.stream(test).mapToDouble(i -> model.spread(content[i])).toArray();
        double[] predicted = Arrays.stream(test).mapToDouble(i -> model.point(content[i])).toArray();
        double[] quantiles = new double[test.length];
        Arrays.fill(quantiles, model.quantile);
        Errors modelErrors = withInterval(actual, predicted, spread, quantiles, model);
        Errors genre = errors(actual, genreMeans(content, targets, train, test), null, null);

        Errors treeErrors = null;
        String treesName = trees == null ? null : trees.name();
        double[] treePredicted = null;
        double[] treeQuantiles = null;
        int treeRounds = 0;
        if (trees != null) {
            try {
                PublicRatingFeatures features = treeFeatures(model.features, content, train, seed);
                double[][] trainX = features.outOfFold(content, y, targets.weight(), train, PublicRatingFit.FOLDS, seed);
                for (int k = 0; k < train.length; k++) {
                    trainX[k] = features.treeRow(trainX[k], content[train[k]]);
                }
                TreeEnsemble ensemble = trees.fit(trainX, Arrays.stream(train).mapToDouble(i -> y[i]).toArray(),
                        Arrays.stream(train).mapToDouble(i -> targets.weight()[i]).toArray(), 0);
                treePredicted = Arrays.stream(test).mapToDouble(i -> ensemble.predict(features.treeRow(content[i]))).toArray();
                treeQuantiles = crossCalibratedQuantiles(actual, treePredicted, spread, seed);
                treeErrors = withInterval(actual, treePredicted, spread, treeQuantiles, model);
                treeRounds = ensemble.trees();
            } catch (RuntimeException | LinkageError e) {
                // Trees that cannot run (their native library, say) must not fail the training run: the ridge is served.
                treesName += " (failed: " + e.getMessage() + ")";
                treeErrors = null;
            }
        }
        boolean treesServed = treeErrors != null && treeErrors.rmse() < modelErrors.rmse();
        double[] served = treesServed ? treePredicted : predicted;
        double[] servedQuantiles = treesServed ? treeQuantiles : quantiles;
        List<HeldOut> heldOut = new ArrayList<>(test.length);
        for (int k = 0; k < test.length; k++) {
            ItemContent c = content[test[k]];
            PublicRatingModel.Interval interval = model.interval(served[k], servedQuantiles[k] * spread[k]);
            heldOut.add(new HeldOut(movieIds[test[k]], c.title(), c.year(), interval.predicted(), interval.low(),
                    interval.high(), actual[k]));
        }
        // The served trees' interval: the conformal quantile of every held-out movie's error over its spread.
        double treeQuantile = treePredicted == null ? 0 : PublicRatingFit.conformalQuantile(
                scores(actual, treePredicted, spread, IntStream.range(0, test.length).toArray()), PublicRatingModel.COVERAGE);
        return new Result(train.length, test.length, modelErrors, genre, treeErrors, treesName,
                (System.nanoTime() - started) / 1e9, model, heldOut, treeRounds, treeQuantile);
    }

    /**
     * The trees' features: the ridge's, with the release text's part whenever it was offered to the ridge (the ridge's
     * own projection when it chose it, else one fitted on the same rows): trees choose their inputs themselves.
     */
    static PublicRatingFeatures treeFeatures(PublicRatingFeatures ridge, ItemContent[] content, int[] rows, long seed) {
        return ridge.text != null ? ridge : ridge.withText(ReleaseTextProjection.fit(content, rows, seed));
    }

    /**
     * Each held-out movie's conformal quantile for the trees, calibrated on the other half of the held-out movies
     * (seeded halves): the trees have no out-of-fold errors of their own, and calibrating on the movies measured
     * would overstate the coverage.
     */
    private static double[] crossCalibratedQuantiles(double[] actual, double[] predicted, double[] spread, long seed) {
        int[] halfOf = PublicRatingFeatures.folds(actual.length, 2, seed ^ 0xca1b);
        double[] quantiles = new double[actual.length];
        for (int half = 0; half < 2; half++) {
            int other = 1 - half;
            double q = PublicRatingFit.conformalQuantile(scores(actual, predicted, spread,
                    IntStream.range(0, actual.length).filter(k -> halfOf[k] == other).toArray()), PublicRatingModel.COVERAGE);
            for (int k = 0; k < actual.length; k++) {
                if (halfOf[k] == half) {
                    quantiles[k] = q;
                }
            }
        }
        return quantiles;
    }

    private static double[] scores(double[] actual, double[] predicted, double[] spread, int[] rows) {
        return Arrays.stream(rows).mapToDouble(k -> Math.abs(predicted[k] - actual[k]) / spread[k]).toArray();
    }

    /** Errors with the coverage and mean width of the intervals predicted ± quantile · spread (clamped to the scale). */
    private static Errors withInterval(double[] actual, double[] predicted, double[] spread, double[] quantiles,
                                       PublicRatingModel model) {
        int covered = 0;
        double width = 0;
        for (int k = 0; k < actual.length; k++) {
            PublicRatingModel.Interval interval = model.interval(predicted[k], quantiles[k] * spread[k]);
            covered += actual[k] >= interval.low() && actual[k] <= interval.high() ? 1 : 0;
            width += interval.high() - interval.low();
        }
        return errors(actual, predicted, (double) covered / actual.length, width / actual.length);
    }


    /** Each held-out movie's mean of its genres' vote-weighted mean ratings (the overall mean without a known genre). */
    static double[] genreMeans(ItemContent[] content, PublicRatingFit.Targets targets, int[] train, int[] test) {
        java.util.Map<String, double[]> sums = new java.util.HashMap<>();
        double total = 0;
        double weight = 0;
        for (int i : train) {
            double w = targets.weight()[i];
            for (String g : content[i].genres()) {
                double[] s = sums.computeIfAbsent(g, x -> new double[2]);
                s[0] += w * targets.rating()[i];
                s[1] += w;
            }
            total += w * targets.rating()[i];
            weight += w;
        }
        double overall = total / weight;
        double[] predicted = new double[test.length];
        for (int k = 0; k < test.length; k++) {
            double sum = 0;
            int n = 0;
            for (String g : content[test[k]].genres()) {
                double[] s = sums.get(g);
                if (s != null) {
                    sum += s[0] / s[1];
                    n++;
                }
            }
            predicted[k] = n == 0 ? overall : sum / n;
        }
        return predicted;
    }

    static Errors errors(double[] actual, double[] predicted, Double coverage, Double meanWidth) {
        double mean = Arrays.stream(actual).average().orElse(0);
        double squared = 0;
        double absolute = 0;
        double total = 0;
        for (int k = 0; k < actual.length; k++) {
            double e = predicted[k] - actual[k];
            squared += e * e;
            absolute += Math.abs(e);
            total += (actual[k] - mean) * (actual[k] - mean);
        }
        int n = actual.length;
        return new Errors(round(1 - squared / total), round(Math.sqrt(squared / n)), round(absolute / n),
                coverage == null ? null : round(coverage), meanWidth == null ? null : round(meanWidth));
    }

    private static double round(double value) {
        return Math.round(value * 1e4) / 1e4;
    }
}
