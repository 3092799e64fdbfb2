package dev.recsys.model.hybrid;

/**
 * Adam for embedding tables held as Java arrays, updating only the rows a batch touched ("lazy"
 * Adam: moments of untouched rows stay as they were). This keeps the cost of a step proportional
 * to the batch, not to the number of users and movies (docs/architecture.md).
 */
final class SparseAdam {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final float[] firstMoment;
    private final float[] secondMoment;

    SparseAdam(int size) {
        this.firstMoment = new float[size];
        this.secondMoment = new float[size];
    }

    /**
     * The bias-corrected step size at global step {@code step} (from 1): computed once per batch
     * and passed to every {@link #update} of that batch (thousands of rows, two {@code pow} each otherwise).
     */
    static float stepSize(float learningRate, long step) {
        float correction1 = 1 - (float) Math.pow(BETA1, step);
        float correction2 = 1 - (float) Math.pow(BETA2, step);
        return learningRate * (float) Math.sqrt(correction2) / correction1;
    }

    /** Applies {@code gradient[gradientOffset, +length)} to {@code table[offset, +length)} with a {@link #stepSize}. */
    void update(float[] table, int offset, float[] gradient, int gradientOffset, int length, float rate) {
        for (int k = 0; k < length; k++) {
            float g = gradient[gradientOffset + k];
            int at = offset + k;
            float m = BETA1 * firstMoment[at] + (1 - BETA1) * g;
            float v = BETA2 * secondMoment[at] + (1 - BETA2) * g * g;
            firstMoment[at] = m;
            secondMoment[at] = v;
            table[at] -= rate * m / ((float) Math.sqrt(v) + EPSILON);
        }
    }
}
