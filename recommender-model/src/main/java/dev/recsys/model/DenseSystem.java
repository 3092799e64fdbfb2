package dev.recsys.model;

/** Small dense linear systems, solved in Java (no native call for a few dozen unknowns). */
public final class DenseSystem {

    private DenseSystem() {
    }

    /**
     * Gaussian elimination with partial pivoting, in place; for small positive definite systems (a
     * fold-in, a ridge fit, and in tests a check of the closed forms computed with DJL).
     */
    public static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
                    pivot = row;
                }
            }
            double[] tmpRow = a[col];
            a[col] = a[pivot];
            a[pivot] = tmpRow;
            double tmp = b[col];
            b[col] = b[pivot];
            b[pivot] = tmp;
            for (int row = col + 1; row < n; row++) {
                double factor = a[row][col] / a[col][col];
                b[row] -= factor * b[col];
                for (int k = col; k < n; k++) {
                    a[row][k] -= factor * a[col][k];
                }
            }
        }
        double[] x = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double sum = b[row];
            for (int k = row + 1; k < n; k++) {
                sum -= a[row][k] * x[k];
            }
            x[row] = sum / a[row][row];
        }
        return x;
    }
}
