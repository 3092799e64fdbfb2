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
     * Trees on the same inputs (a baseline, kept out of the serving services): fitted on the training
     * rows' features (people encodings out of fold) and vote weights, then asked for the held-out rows.
     */
    public interface TreeBaseline {

        /** Its name and version, recorded with the metrics. */
        String name();

        double[] fitPredict(double[][] train, double[] target, double[] weight, double[][] test);
    }

    /** Errors of one predictor on the held-out movies; coverage and meanWidth only for the model's interval. */
    public record Errors(double r2, double rmse, double mae, Double coverage, Double meanWidth) {
    }

    /**
     * Everything measured (trees and treesName null without a tree baseline), the evaluated model, and each held-out
     * movie's prediction against its real rating.
     */
    public record Result(int trainMovies, int testMovies, Errors model, Errors genreMean, Errors trees, String treesName,
                         double seconds, PublicRatingModel evaluated, List<HeldOut> heldOut) {
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
                                  TreeBaseline trees) {
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
        double[] predicted = new double[test.length];
        double[] low = new double[test.length];
        double[] high = new double[test.length];
        for (int k = 0; k < test.length; k++) {
            PublicRatingModel.Interval interval = model.predict(content[test[k]]);
            predicted[k] = model.point(content[test[k]]);
            low[k] = interval.low();
            high[k] = interval.high();
        }
        double[] actual = Arrays.stream(test).mapToDouble(i -> y[i]).toArray();
        List<HeldOut> heldOut = new ArrayList<>(test.length);
        for (int k = 0; k < test.length; k++) {
            ItemContent c = content[test[k]];
            heldOut.add(new HeldOut(movieIds[test[k]], c.title(), c.year(), Math.round(predicted[k] * 100) / 100.0, low[k], high[k],
                    actual[k]));
        }
        int covered = 0;
        double width = 0;
        for (int k = 0; k < test.length; k++) {
            covered += actual[k] >= low[k] && actual[k] <= high[k] ? 1 : 0;
            width += high[k] - low[k];
        }
        Errors modelErrors = errors(actual, predicted, (double) covered / test.length, width / test.length);
        Errors genre = errors(actual, genreMeans(content, targets, train, test), null, null);
        Errors treeErrors = null;
        String treesName = trees == null ? null : trees.name();
        if (trees != null) {
            try {
                treeErrors = errors(actual, treePredictions(content, targets, train, test, seed, trees, model.features),
                        null, null);
            } catch (RuntimeException | LinkageError e) {
                // A baseline that cannot run (its native library, say) must not fail the training run.
                treesName += " (failed: " + e.getMessage() + ")";
            }
        }
        return new Result(train.length, test.length, modelErrors, genre, treeErrors, treesName,
                (System.nanoTime() - started) / 1e9, model, heldOut);
    }

    private static double[] treePredictions(ItemContent[] content, PublicRatingFit.Targets targets, int[] train, int[] test,
                                            long seed, TreeBaseline trees, PublicRatingFeatures evaluated) {
        double[] y = targets.rating();
        // The release text's part whenever it was offered to the ridge (the model's own projection, fitted on the
        // same rows, when it chose it): trees choose their inputs themselves.
        ReleaseTextProjection text = evaluated.text != null ? evaluated.text : ReleaseTextProjection.fit(content, train, seed);
        PublicRatingFeatures features = PublicRatingFeatures.build(content, y, targets.weight(), train, evaluated.shrinkage)
                .withText(text);
        double[][] trainX = treeInputs(features, content, features.outOfFold(content, y, targets.weight(), train,
                PublicRatingFit.FOLDS, seed), train);
        double[][] testX = treeInputs(features, content,
                Arrays.stream(test).mapToObj(i -> features.features(content[i])).toArray(double[][]::new), test);
        return trees.fitPredict(trainX, Arrays.stream(train).mapToDouble(i -> y[i]).toArray(),
                Arrays.stream(train).mapToDouble(i -> targets.weight()[i]).toArray(), testX);
    }

    /**
     * The regression's inputs with the year and runtime as plain numbers (NaN when unknown) instead of bins:
     * trees cut them themselves. People and text parts as they are.
     */
    private static double[][] treeInputs(PublicRatingFeatures features, ItemContent[] content, double[][] x, int[] rows) {
        int genres = features.genres.length;
        int peopleAt = features.peopleStart();
        int rest = features.featureCount() - peopleAt;
        double[][] out = new double[rows.length][];
        for (int k = 0; k < rows.length; k++) {
            double[] row = new double[genres + 2 + rest];
            System.arraycopy(x[k], 1, row, 0, genres);
            ItemContent c = content[rows[k]];
            row[genres] = c.year() == null ? Double.NaN : c.year();
            row[genres + 1] = c.runtime() == null ? Double.NaN : c.runtime();
            System.arraycopy(x[k], peopleAt, row, genres + 2, rest);
            out[k] = row;
        }
        return out;
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
