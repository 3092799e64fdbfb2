package dev.recsys.model.publicrating;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees for the public rating, with XGBoost4J (a library, not a hand-written booster):
 * the evaluation's baseline, served when it beats the ridge on held-out movies. XGBoost is a provided
 * dependency of this module: training-service and the bench put it on their class path; the serving
 * services never load this class, they read the trees as a {@link TreeEnsemble}. Squared error,
 * depth 6, learning rate 0.05, rows and columns subsampled 0.8, as many rounds (at most 1,000) as
 * keep lowering the error on a seeded tenth of the training movies (patience 30), or a given number.
 */
public final class XgboostTrees implements PublicRatingEvaluation.TreeLearner {

    static final String VERSION = "xgboost4j 3.4.0";
    private static final int MAX_ROUNDS = 1_000;
    private static final int PATIENCE = 30;
    /** Rows on which every fit checks that the Java trees predict what XGBoost does. */
    private static final int CHECKED_ROWS = 2_000;
    private final long seed;

    public XgboostTrees(long seed) {
        this.seed = seed;
    }

    @Override
    public String name() {
        return VERSION;
    }

    @Override
    public TreeEnsemble fit(double[][] x, double[] target, double[] weight, int rounds) {
        int[] all = IntStream.range(0, x.length).toArray();
        int[] fit = all;
        int[] stop = null;
        if (rounds == 0) {
            int[] foldOf = PublicRatingFeatures.folds(x.length, 10, seed);
            fit = IntStream.range(0, x.length).filter(k -> foldOf[k] != 0).toArray();
            stop = IntStream.range(0, x.length).filter(k -> foldOf[k] == 0).toArray();
        }
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("eta", 0.05);
        params.put("max_depth", 6);
        params.put("min_child_weight", 3);
        params.put("subsample", 0.8);
        params.put("colsample_bytree", 0.8);
        params.put("nthread", 2);
        params.put("seed", (int) seed);
        params.put("verbosity", 0);
        // XGBoost4J reads this one as text: a Boolean false still prints every round.
        params.put("verbose_eval", "false");
        DMatrix fitMatrix = null;
        DMatrix stopMatrix = null;
        DMatrix checkMatrix = null;
        Booster booster = null;
        try {
            fitMatrix = matrix(x, fit, target, weight);
            Map<String, DMatrix> watches = new HashMap<>();
            int trees = rounds;
            if (stop != null) {
                stopMatrix = matrix(x, stop, target, weight);
                watches.put("stop", stopMatrix);
                booster = XGBoost.train(fitMatrix, params, MAX_ROUNDS, watches, null, null, null, PATIENCE);
                String best = booster.getAttr("best_iteration");
                trees = best == null ? booster.getNumBoostedRound() : Integer.parseInt(best) + 1;
            } else {
                booster = XGBoost.train(fitMatrix, params, rounds, watches, null, null);
            }
            TreeEnsemble ensemble = TreeEnsemble.fromTextDump(
                    Arrays.copyOf(booster.getModelDump((String) null, false, "text"), trees));
            // The base score is what XGBoost adds to the leaves; then the Java trees must give XGBoost's predictions.
            int[] check = Arrays.copyOf(all, Math.min(all.length, CHECKED_ROWS));
            checkMatrix = matrix(x, check, null, null);
            float[][] expected = booster.predict(checkMatrix, false, trees);
            double[] offsets = new double[check.length];
            for (int k = 0; k < check.length; k++) {
                offsets[k] = expected[k][0] - ensemble.leafSum(x[check[k]]);
            }
            Arrays.sort(offsets);
            ensemble = ensemble.withBase(offsets[offsets.length / 2]);
            for (int k = 0; k < check.length; k++) {
                double difference = Math.abs(ensemble.predict(x[check[k]]) - expected[k][0]);
                if (difference > 1e-3) {
                    throw new IllegalStateException("the trees read from XGBoost's dump predict " + ensemble.predict(x[check[k]])
                            + " where XGBoost predicts " + expected[k][0] + " (row " + check[k] + ")");
                }
            }
            return ensemble;
        } catch (XGBoostError e) {
            throw new IllegalStateException("the trees failed: " + e.getMessage(), e);
        } finally {
            for (DMatrix m : new DMatrix[] {fitMatrix, stopMatrix, checkMatrix}) {
                if (m != null) {
                    m.dispose();
                }
            }
            if (booster != null) {
                booster.dispose();
            }
        }
    }

    private static DMatrix matrix(double[][] x, int[] rows, double[] target, double[] weight) throws XGBoostError {
        int columns = x.length == 0 ? 0 : x[0].length;
        float[] data = new float[rows.length * columns];
        float[] labels = new float[rows.length];
        float[] weights = new float[rows.length];
        for (int k = 0; k < rows.length; k++) {
            for (int j = 0; j < columns; j++) {
                data[k * columns + j] = (float) x[rows[k]][j];
            }
            if (target != null) {
                labels[k] = (float) target[rows[k]];
                weights[k] = (float) weight[rows[k]];
            }
        }
        DMatrix matrix = new DMatrix(data, rows.length, columns, Float.NaN);
        if (target != null) {
            matrix.setLabel(labels);
            matrix.setWeight(weights);
        }
        return matrix;
    }
}
