package dev.recsys.model.publicrating;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The gradient-boosted-trees baseline of the public-rating evaluation, with XGBoost4J (a library,
 * not a hand-written booster). XGBoost is a provided dependency of this module: training-service and
 * the bench put it on their class path, the serving services never load this class. Squared error,
 * depth 6, learning rate 0.05, rows and columns subsampled 0.8, as many rounds (at most 1,000) as
 * keep lowering the error on a seeded tenth of the training movies (patience 30).
 */
public final class XgboostTrees implements PublicRatingEvaluation.TreeBaseline {

    static final String VERSION = "xgboost4j 3.4.0";
    private final long seed;

    public XgboostTrees(long seed) {
        this.seed = seed;
    }

    @Override
    public String name() {
        return VERSION;
    }

    @Override
    public double[] fitPredict(double[][] train, double[] target, double[] weight, double[][] test) {
        int[] foldOf = PublicRatingFeatures.folds(train.length, 10, seed);
        int[] fit = IntStream.range(0, train.length).filter(k -> foldOf[k] != 0).toArray();
        int[] stop = IntStream.range(0, train.length).filter(k -> foldOf[k] == 0).toArray();
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
        DMatrix testMatrix = null;
        Booster booster = null;
        try {
            fitMatrix = matrix(train, fit, target, weight);
            stopMatrix = matrix(train, stop, target, weight);
            testMatrix = matrix(test, IntStream.range(0, test.length).toArray(), null, null);
            Map<String, DMatrix> watches = new HashMap<>();
            watches.put("stop", stopMatrix);
            booster = XGBoost.train(fitMatrix, params, 1_000, watches, null, null, null, 30);
            String best = booster.getAttr("best_iteration");
            int trees = best == null ? 0 : Integer.parseInt(best) + 1;
            float[][] predicted = booster.predict(testMatrix, false, trees);
            double[] out = new double[test.length];
            for (int k = 0; k < out.length; k++) {
                out[k] = predicted[k][0];
            }
            return out;
        } catch (XGBoostError e) {
            throw new IllegalStateException("the trees baseline failed: " + e.getMessage(), e);
        } finally {
            for (DMatrix m : new DMatrix[] {fitMatrix, stopMatrix, testMatrix}) {
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
