package dev.recsys.model.segments;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Users grouped by taste: k-means (k-means++ start, Lloyd iterations) on the direction of their
 * preference vectors (each scaled to unit length, so a segment is a kind of taste rather than a
 * level of activity). Unless k is given, it is chosen among 2..{@value #MAX_K} by the mean
 * silhouette (cosine distance) on a sample of at most {@value #SILHOUETTE_SAMPLE} users.
 * Deterministic for a seed.
 */
public final class TasteSegments {

    public static final int MAX_K = 8;
    static final int SILHOUETTE_SAMPLE = 1_500;
    private static final int ITERATIONS = 50;

    private final int k;
    private final int dimension;
    private final float[] centroids;
    private final int[] assignments;
    private final double silhouette;

    private TasteSegments(int k, int dimension, float[] centroids, int[] assignments, double silhouette) {
        this.k = k;
        this.dimension = dimension;
        this.centroids = centroids;
        this.assignments = assignments;
        this.silhouette = silhouette;
    }

    /** Segments of {@code users} vectors of {@code dimension} (row-major); {@code k} null: chosen by silhouette. */
    public static TasteSegments fit(float[] vectors, int users, int dimension, Integer k, long seed) {
        if (users < 2) {
            throw new IllegalArgumentException("at least 2 users are needed to form segments");
        }
        float[] unit = normalised(vectors, users, dimension);
        int[] sample = sample(users, seed);
        if (k != null) {
            if (k < 1 || k > users) {
                throw new IllegalArgumentException("k must be between 1 and the number of users (" + users + ")");
            }
            TasteSegments fitted = kMeans(unit, users, dimension, k, seed);
            return new TasteSegments(k, dimension, fitted.centroids, fitted.assignments,
                    silhouette(unit, dimension, fitted.assignments, k, sample));
        }
        TasteSegments best = null;
        for (int candidate = 2; candidate <= Math.min(MAX_K, users - 1); candidate++) {
            TasteSegments fitted = kMeans(unit, users, dimension, candidate, seed);
            double score = silhouette(unit, dimension, fitted.assignments, candidate, sample);
            if (best == null || score > best.silhouette + 1e-9) {
                best = new TasteSegments(candidate, dimension, fitted.centroids, fitted.assignments, score);
            }
        }
        return best;
    }

    public int k() {
        return k;
    }

    /** The segment of each user index. */
    public int[] assignments() {
        return assignments.clone();
    }

    /** Mean silhouette of the chosen k on the sample (−1..1; higher: better separated). */
    public double silhouette() {
        return silhouette;
    }

    /** Segment centroids (unit-length directions), row-major {@code k × dimension}. */
    public float[] centroids() {
        return centroids.clone();
    }

    /** The segment whose centroid is closest (by cosine) to a preference vector. */
    public int assign(float[] vector) {
        return nearest(centroids, k, dimension, vector, 0);
    }

    /** The nearest of {@code k} row-major centroids to {@code vector} (from {@code offset}), by cosine. */
    public static int nearest(float[] centroids, int k, int dimension, float[] vector, int offset) {
        int best = 0;
        double bestSimilarity = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double dot = 0;
            for (int j = 0; j < dimension; j++) {
                dot += centroids[c * dimension + j] * vector[offset + j];
            }
            if (dot > bestSimilarity) {
                bestSimilarity = dot;
                best = c;
            }
        }
        return best;
    }

    private static TasteSegments kMeans(float[] unit, int users, int d, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] centroids = new float[k * d];
        // k-means++: each next centre drawn in proportion to the squared distance to the nearest one.
        int first = random.nextInt(users);
        System.arraycopy(unit, first * d, centroids, 0, d);
        double[] distance = new double[users];
        Arrays.fill(distance, Double.MAX_VALUE);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int u = 0; u < users; u++) {
                distance[u] = Math.min(distance[u], squaredDistance(unit, u * d, centroids, (c - 1) * d, d));
                total += distance[u];
            }
            double pick = random.nextDouble() * total;
            int chosen = users - 1;
            for (int u = 0; u < users; u++) {
                pick -= distance[u];
                if (pick <= 0) {
                    chosen = u;
                    break;
                }
            }
            System.arraycopy(unit, chosen * d, centroids, c * d, d);
        }
        int[] assignments = new int[users];
        Arrays.fill(assignments, -1);
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            boolean changed = false;
            for (int u = 0; u < users; u++) {
                int nearest = nearest(centroids, k, d, unit, u * d);
                if (nearest != assignments[u]) {
                    assignments[u] = nearest;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
            float[] sums = new float[k * d];
            int[] counts = new int[k];
            for (int u = 0; u < users; u++) {
                counts[assignments[u]]++;
                for (int j = 0; j < d; j++) {
                    sums[assignments[u] * d + j] += unit[u * d + j];
                }
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] == 0) {
                    continue;   // an empty segment keeps its centre
                }
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    norm += sums[c * d + j] * sums[c * d + j];
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < d; j++) {
                    centroids[c * d + j] = norm == 0 ? 0 : (float) (sums[c * d + j] / norm);
                }
            }
        }
        return new TasteSegments(k, d, centroids, assignments, Double.NaN);
    }

    private static double silhouette(float[] unit, int d, int[] assignments, int k, int[] sample) {
        if (k < 2) {
            return 0;
        }
        double total = 0;
        for (int a : sample) {
            double[] sum = new double[k];
            int[] count = new int[k];
            for (int b : sample) {
                if (a == b) {
                    continue;
                }
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += unit[a * d + j] * unit[b * d + j];
                }
                sum[assignments[b]] += 1 - dot;
                count[assignments[b]]++;
            }
            int own = assignments[a];
            if (count[own] == 0) {
                continue;   // a singleton in the sample counts 0
            }
            double within = sum[own] / count[own];
            double nearestOther = Double.MAX_VALUE;
            for (int c = 0; c < k; c++) {
                if (c != own && count[c] > 0) {
                    nearestOther = Math.min(nearestOther, sum[c] / count[c]);
                }
            }
            if (nearestOther == Double.MAX_VALUE) {
                continue;
            }
            total += (nearestOther - within) / Math.max(within, nearestOther);
        }
        return total / sample.length;
    }

    private static int[] sample(int users, long seed) {
        int size = Math.min(users, SILHOUETTE_SAMPLE);
        int[] all = new int[users];
        Arrays.setAll(all, i -> i);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(users - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, size);
    }

    private static float[] normalised(float[] vectors, int users, int d) {
        float[] unit = new float[users * d];
        for (int u = 0; u < users; u++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += vectors[u * d + j] * vectors[u * d + j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                unit[u * d + j] = norm == 0 ? 0 : (float) (vectors[u * d + j] / norm);
            }
        }
        return unit;
    }

    private static double squaredDistance(float[] a, int aOffset, float[] b, int bOffset, int d) {
        double sum = 0;
        for (int j = 0; j < d; j++) {
            double diff = a[aOffset + j] - b[bOffset + j];
            sum += diff * diff;
        }
        return sum;
    }
}
