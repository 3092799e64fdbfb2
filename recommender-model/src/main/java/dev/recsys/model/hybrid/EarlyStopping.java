package dev.recsys.model.hybrid;

/**
 * Stops training when the validation error has not improved for {@code patience} epochs, and
 * remembers the epoch where it was lowest: the epoch count a refit on all ratings then uses. An
 * epoch counts as an improvement only when it lowers the best error by more than
 * {@code minRelativeImprovement} of it: on large datasets the error creeps down by a few hundredths
 * of a percent per epoch for many epochs, each costing minutes, and changes nothing a user sees.
 */
public final class EarlyStopping {

    private final int patience;
    private final double minRelativeImprovement;
    private int bestEpoch;
    private double bestError = Double.POSITIVE_INFINITY;
    private int lastEpoch;

    public EarlyStopping(int patience) {
        this(patience, 0);
    }

    public EarlyStopping(int patience, double minRelativeImprovement) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1");
        }
        if (minRelativeImprovement < 0 || minRelativeImprovement >= 1) {
            throw new IllegalArgumentException("minRelativeImprovement must be in [0, 1)");
        }
        this.patience = patience;
        this.minRelativeImprovement = minRelativeImprovement;
    }

    /** Records an epoch's validation error (lower is better); true when training should stop now. */
    public boolean record(int epoch, double validationError) {
        lastEpoch = epoch;
        if (validationError < bestError * (1 - minRelativeImprovement)) {
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
