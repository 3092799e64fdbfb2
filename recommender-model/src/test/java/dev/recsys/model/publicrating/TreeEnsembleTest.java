package dev.recsys.model.publicrating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** XGBoost's text dump read and evaluated in plain Java, as the serving services do. */
class TreeEnsembleTest {

    /** Two trees as XGBoost 3.4 dumps them (no statistics): splits on f0 and f2, leaves. */
    private static final String[] DUMP = {
        "0:[f0<2.5] yes=1,no=2,missing=2\n\t1:leaf=0.5\n\t2:[f2<-1] yes=3,no=4,missing=3\n\t\t3:leaf=-0.25\n\t\t4:leaf=0.125\n",
        "0:[f1<0.300000012] yes=1,no=2,missing=1\n\t1:leaf=0.0625\n\t2:leaf=-0.0625\n"
    };

    @Test
    void aMovieFollowsTheSplitsToOneLeafPerTree() {
        TreeEnsemble trees = TreeEnsemble.fromTextDump(DUMP).withBase(6.0);
        assertEquals(2, trees.trees());
        assertEquals(6.0 + 0.5 + 0.0625, trees.predict(new double[] {1, 0, 0}), 1e-9);
        // 2.5 is not below 2.5: "no", then f2 = -3 < -1: "yes".
        assertEquals(6.0 - 0.25 - 0.0625, trees.predict(new double[] {2.5, 1, -3}), 1e-9);
        assertEquals(6.0 + 0.125 - 0.0625, trees.predict(new double[] {9, 1, 0}), 1e-9);
    }

    @Test
    void anUnknownValueTakesTheMissingBranchAndFloatsAreComparedAsXgboostDoes() {
        TreeEnsemble trees = TreeEnsemble.fromTextDump(DUMP).withBase(0);
        // f0 unknown: "missing" is node 2; f2 unknown there: node 3; f1 unknown: node 1.
        assertEquals(-0.25 + 0.0625, trees.predict(new double[] {Double.NaN, Double.NaN, Double.NaN}), 1e-9);
        // 0.3 as a double is below 0.300000012, but XGBoost compares floats: 0.3f is the threshold itself, so "no".
        assertEquals(0.5 - 0.0625, trees.predict(new double[] {0, 0.3, 0}), 1e-9);
    }

    @Test
    void storedTreesPredictTheSame() throws IOException {
        TreeEnsemble trees = TreeEnsemble.fromTextDump(DUMP).withBase(5.5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trees.write(new DataOutputStream(bytes));
        TreeEnsemble read = TreeEnsemble.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        SplittableRandom random = new SplittableRandom(1);
        for (int k = 0; k < 100; k++) {
            double[] x = {random.nextDouble(0, 5), random.nextDouble(), random.nextDouble(-3, 1)};
            assertEquals(trees.predict(x), read.predict(x), 0);
        }
    }

    @Test
    void aLineThatIsNotADumpIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TreeEnsemble.fromTextDump(new String[] {"0:[f0<1] yes=1,no=2,missing=1\n\t1:leaf=1\n\t2:gain=3\n"}));
        assertTrue(e.getMessage().contains("tree 0: not a line of XGBoost's text dump: 2:gain=3"), e.getMessage());
    }

    @Test
    void xgboostsFitIsReproducedByTheJavaTrees() {
        // XgboostTrees checks every fit against XGBoost's own predictions (it throws when they differ by 1e-3).
        SplittableRandom random = new SplittableRandom(3);
        double[][] x = new double[600][3];
        double[] y = new double[600];
        double[] w = new double[600];
        for (int k = 0; k < 600; k++) {
            x[k] = new double[] {random.nextDouble(0, 5), random.nextDouble() < 0.2 ? Double.NaN : random.nextDouble(), random.nextInt(3)};
            y[k] = 6 + (x[k][0] > 2.5 ? 1 : 0) * (x[k][2] == 1 ? 1.5 : -0.5) + 0.1 * random.nextGaussian();
            w[k] = 0.5 + random.nextDouble() / 2;
        }
        TreeEnsemble early = new XgboostTrees(42).fit(x, y, w, 0);
        assertTrue(early.trees() > 10 && early.trees() <= 1_000, early.trees() + " trees");
        TreeEnsemble fixed = new XgboostTrees(42).fit(x, y, w, 25);
        assertEquals(25, fixed.trees());
        // The planted interaction: above 2.5, x2 = 1 is worth 2 more than x2 = 0; below it, nothing.
        double high = early.predict(new double[] {4, 0.5, 1});
        double low = early.predict(new double[] {4, Double.NaN, 0});
        assertTrue(high - low > 1.5, high + " vs " + low);
        assertEquals(early.predict(new double[] {1, 0.5, 1}), early.predict(new double[] {1, 0.5, 0}), 0.2);
    }
}
