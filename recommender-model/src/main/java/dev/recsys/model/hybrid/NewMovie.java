package dev.recsys.model.hybrid;

/**
 * A movie in no catalog, its cold-start bias and vector computed once ({@link HybridModel#newMovie}):
 * scores many users cheaply.
 */
public final class NewMovie {

    private final HybridModel model;
    private final float[] vectorAndBias;

    NewMovie(HybridModel model, float[] vectorAndBias) {
        this.model = model;
        this.vectorAndBias = vectorAndBias;
    }

    /** Predicted rating (unclamped) for a user (dense index), or the average user when negative. */
    public double predict(int user) {
        int d = model.dimension();
        float[] vectors = user >= 0 ? model.tables.userVectors : model.averageUser.vector();
        int offset = user >= 0 ? user * d : 0;
        double score = model.tables.globalMean + vectorAndBias[d] + (user >= 0 ? model.tables.userBias[user] : model.averageUser.bias());
        for (int k = 0; k < d; k++) {
            score += vectors[offset + k] * vectorAndBias[k];
        }
        return score;
    }
}
