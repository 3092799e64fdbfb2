package dev.recsys.model.publicrating;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regression trees read from XGBoost's text dump and evaluated in plain Java, so the serving services
 * can use trees that training fitted without carrying XGBoost's native library. A prediction is
 * {@code base} plus one leaf per tree; at a split a movie goes to "yes" when its value, as a float
 * (XGBoost compares floats), is below the threshold, and to "missing" when it is unknown (NaN).
 * {@link XgboostTrees} checks after every fit that this reproduces XGBoost's own predictions.
 */
public final class TreeEnsemble {

    private static final Pattern SPLIT = Pattern.compile(
            "(\\d+):\\[f(\\d+)<([^\\]]+)\\] yes=(\\d+),no=(\\d+),missing=(\\d+)");
    private static final Pattern LEAF = Pattern.compile("(\\d+):leaf=(\\S+)");
    private static final int LEAF_NODE = -1;

    private final double base;
    /** Each tree's first node in the arrays below. */
    private final int[] roots;
    /** Per node: the feature split on, or {@link #LEAF_NODE}; children as absolute indexes. */
    private final int[] feature;
    private final float[] threshold;
    private final int[] yes;
    private final int[] no;
    private final int[] missing;
    private final float[] leaf;

    private TreeEnsemble(double base, int[] roots, int[] feature, float[] threshold, int[] yes, int[] no, int[] missing,
                         float[] leaf) {
        this.base = base;
        this.roots = roots;
        this.feature = feature;
        this.threshold = threshold;
        this.yes = yes;
        this.no = no;
        this.missing = missing;
        this.leaf = leaf;
    }

    /** The trees of XGBoost's text dump (one string per tree, no statistics), with base score 0 until {@link #withBase}. */
    static TreeEnsemble fromTextDump(String[] trees) {
        int[] roots = new int[trees.length];
        int total = 0;
        for (String tree : trees) {
            total += (int) tree.lines().filter(l -> !l.isBlank()).count();
        }
        int[] feature = new int[total];
        float[] threshold = new float[total];
        int[] yes = new int[total];
        int[] no = new int[total];
        int[] missing = new int[total];
        float[] leaf = new float[total];
        int offset = 0;
        for (int t = 0; t < trees.length; t++) {
            roots[t] = offset;
            int nodes = 0;
            for (String line : trees[t].lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
                Matcher split = SPLIT.matcher(line);
                Matcher leafLine = LEAF.matcher(line);
                int at;
                if (split.matches()) {
                    at = offset + node(split.group(1), trees[t]);
                    feature[at] = Integer.parseInt(split.group(2));
                    threshold[at] = Float.parseFloat(split.group(3));
                    yes[at] = offset + Integer.parseInt(split.group(4));
                    no[at] = offset + Integer.parseInt(split.group(5));
                    missing[at] = offset + Integer.parseInt(split.group(6));
                } else if (leafLine.matches()) {
                    at = offset + node(leafLine.group(1), trees[t]);
                    feature[at] = LEAF_NODE;
                    leaf[at] = Float.parseFloat(leafLine.group(2));
                } else {
                    throw new IllegalArgumentException("tree " + t + ": not a line of XGBoost's text dump: " + line);
                }
                nodes++;
            }
            offset += nodes;
        }
        return new TreeEnsemble(0, roots, feature, threshold, yes, no, missing, leaf);
    }

    private static int node(String id, String tree) {
        int node = Integer.parseInt(id);
        if (node >= tree.lines().count()) {
            throw new IllegalArgumentException("node " + node + " beyond its tree's " + tree.lines().count() + " lines");
        }
        return node;
    }

    TreeEnsemble withBase(double base) {
        return new TreeEnsemble(base, roots, feature, threshold, yes, no, missing, leaf);
    }

    int trees() {
        return roots.length;
    }

    double predict(double[] x) {
        return base + leafSum(x);
    }

    /** The sum of the leaves {@code x} reaches, without the base (what a fit compares with XGBoost's margin). */
    double leafSum(double[] x) {
        float sum = 0;
        for (int root : roots) {
            int at = root;
            while (feature[at] != LEAF_NODE) {
                double value = x[feature[at]];
                at = Double.isNaN(value) ? missing[at] : (float) value < threshold[at] ? yes[at] : no[at];
            }
            sum += leaf[at];
        }
        return sum;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeDouble(base);
        writeInts(out, roots);
        writeInts(out, feature);
        out.writeInt(threshold.length);
        for (int n = 0; n < threshold.length; n++) {
            out.writeFloat(threshold[n]);
            out.writeFloat(leaf[n]);
        }
        writeInts(out, yes);
        writeInts(out, no);
        writeInts(out, missing);
    }

    static TreeEnsemble read(DataInputStream in) throws IOException {
        double base = in.readDouble();
        int[] roots = readInts(in);
        int[] feature = readInts(in);
        int n = in.readInt();
        if (n != feature.length) {
            throw new IOException("corrupt trees: " + n + " thresholds for " + feature.length + " nodes");
        }
        float[] threshold = new float[n];
        float[] leaf = new float[n];
        for (int k = 0; k < n; k++) {
            threshold[k] = in.readFloat();
            leaf[k] = in.readFloat();
        }
        int[] yes = readInts(in);
        int[] no = readInts(in);
        int[] missing = readInts(in);
        for (int[] children : new int[][] {yes, no, missing}) {
            if (children.length != n || Arrays.stream(children).anyMatch(c -> c < 0 || c >= n)) {
                throw new IOException("corrupt trees: a child outside the " + n + " nodes");
            }
        }
        return new TreeEnsemble(base, roots, feature, threshold, yes, no, missing, leaf);
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 50_000_000) {
            throw new IOException("corrupt trees: an array of " + n + " values");
        }
        int[] values = new int[n];
        for (int k = 0; k < n; k++) {
            values[k] = in.readInt();
        }
        return values;
    }
}
