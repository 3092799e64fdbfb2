package dev.recsys.model.hybrid;

/**
 * Stops training when the validation error has not improved for {@code patience} epochs, and
 * remembers the epoch where it was lowest: the epoch count a refit on all ratings then uses.
 */
public final class EarlyStopping {

    private final int patience;
    private int bestEpoch;
    private double bestError = Double.POSITIVE_INFINITY;
    private int lastEpoch;

    public EarlyStopping(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1");
        }
        this.patience = patience;
    }

    /** Records an epoch's validation error (lower is better); true when training should stop now. */
    public boolean record(int epoch, double validationError) {
        lastEpoch = epoch;
        if (validationError < bestError) {
            bestError = validationError;
            bestEpoch = epoch;
        }
        return epoch - bestEpoch >= patience;
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public double bestError() {
        return bestError;
    }

    public int lastEpoch() {
        return lastEpoch;
    }
}
