package dev.recsys.model;

import java.util.SplittableRandom;

/**
 * The leading eigenvectors of a covariance (or scatter) matrix by subspace iteration: a seeded Gaussian
 * start, multiplied by the matrix and orthonormalised (Gram-Schmidt, in order) each round. The d-th row
 * converges to the d-th principal direction; where two eigenvalues are close it ends in their plane,
 * which spans the same inputs. The text projections of the rating model and of the IMDb-rating model.
 */
public final class PrincipalDirections {

    private PrincipalDirections() {
    }

    /**
     * The top {@code k} unit, orthogonal directions of the symmetric {@code width × width} matrix
     * {@code covariance} (row-major), largest variance first, as {@code k} rows of {@code width} (row-major).
     */
    public static double[] top(double[] covariance, int width, int k, int iterations, long seed) {
        double[] basis = new double[k * width];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < basis.length; i++) {
            basis[i] = random.nextGaussian();
        }
        orthonormalise(basis, k, width);
        double[] next = new double[k * width];
        for (int iteration = 0; iteration < iterations; iteration++) {
            for (int d = 0; d < k; d++) {
                for (int a = 0; a < width; a++) {
                    double sum = 0;
                    for (int b = 0; b < width; b++) {
                        sum += covariance[a * width + b] * basis[d * width + b];
                    }
                    next[d * width + a] = sum;
                }
            }
            System.arraycopy(next, 0, basis, 0, basis.length);
            orthonormalise(basis, k, width);
        }
        return basis;
    }

    /** Gram-Schmidt over the rows, in order: the first row keeps its direction; a row that vanishes becomes zeros. */
    private static void orthonormalise(double[] rows, int k, int width) {
        for (int d = 0; d < k; d++) {
            for (int e = 0; e < d; e++) {
                double dot = 0;
                for (int j = 0; j < width; j++) {
                    dot += rows[d * width + j] * rows[e * width + j];
                }
                for (int j = 0; j < width; j++) {
                    rows[d * width + j] -= dot * rows[e * width + j];
                }
            }
            double norm = 0;
            for (int j = 0; j < width; j++) {
                norm += rows[d * width + j] * rows[d * width + j];
            }
            double scale = norm == 0 ? 0 : 1 / Math.sqrt(norm);
            for (int j = 0; j < width; j++) {
                rows[d * width + j] *= scale;
            }
        }
    }
}
