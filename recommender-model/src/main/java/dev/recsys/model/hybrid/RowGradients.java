package dev.recsys.model.hybrid;

import java.util.Arrays;

/**
 * Gradients of one content embedding table summed over a batch, so that each touched row gets
 * one Adam step per batch (a genre appears in hundreds of a batch's movies).
 */
final class RowGradients {
    private final float[] table;
    private final int k;
    private final float regularization;
    private final SparseAdam adam;
    private final int[] slotOfRow;
    private int[] rows = new int[256];
    private float[] sums = new float[256 * 16];
    private int count;

    RowGradients(float[] table, int k, float regularization) {
        this.table = table;
        this.k = k;
        this.regularization = regularization;
        this.adam = new SparseAdam(table.length);
        this.slotOfRow = new int[table.length / k];
        Arrays.fill(slotOfRow, -1);
        sums = new float[rows.length * k];
    }

    /** Adds a movie's share of the input gradient: the tower saw the mean of these rows. */
    void add(int[] movieRows, float[] inputGrad, int offset) {
        if (movieRows.length == 0) {
            return;
        }
        float share = 1f / movieRows.length;
        for (int row : movieRows) {
            int slot = slotOfRow[row];
            if (slot < 0) {
                if (count == rows.length) {
                    rows = Arrays.copyOf(rows, count * 2);
                    sums = Arrays.copyOf(sums, count * 2 * k);
                }
                slot = count++;
                slotOfRow[row] = slot;
                rows[slot] = row;
                Arrays.fill(sums, slot * k, slot * k + k, 0);
            }
            for (int x = 0; x < k; x++) {
                sums[slot * k + x] += inputGrad[offset + x] * share;
            }
        }
    }

    void apply(float stepSize) {
        for (int slot = 0; slot < count; slot++) {
            int row = rows[slot];
            for (int x = 0; x < k; x++) {
                sums[slot * k + x] += regularization * table[row * k + x];
            }
            adam.update(table, row * k, sums, slot * k, k, stepSize);
            slotOfRow[row] = -1;
        }
        count = 0;
    }
}
