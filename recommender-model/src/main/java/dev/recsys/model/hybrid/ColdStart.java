package dev.recsys.model.hybrid;

/**
 * A movie without ratings, from its content alone: the cold tower's bias and vector (on the scale of
 * the learned ones, so content that says little lands near a user's own level), with the bias moved
 * so that the average user's answer is {@link #COLD_TOWER_SHARE} the tower's and the rest the
 * content mean rating. Every user's answer moves by the same amount, so the tower still says who will
 * like the movie more and the content mean where its ratings will centre: the content mean alone
 * does about as well for the average user (docs/benchmarks.md, new movies), and the tower's share
 * keeps what it knows about people and taste.
 */
final class ColdStart {

    /** How much of a cold movie's average-user prediction is the cold tower's; the rest is its content mean rating. */
    static final double COLD_TOWER_SHARE = 0.25;

    private final ContentEncoder encoder;
    /** Null in artifacts from before format 3, and in a rating head fitted alone: the tower's bias as it is. */
    private final ContentMeanRating contentMeanRating;
    private final float globalMean;
    private final AverageUser averageUser;
    private final int d;

    ColdStart(ContentEncoder encoder, ContentMeanRating contentMeanRating, float globalMean, AverageUser averageUser,
              int dimension) {
        this.encoder = encoder;
        this.contentMeanRating = contentMeanRating;
        this.globalMean = globalMean;
        this.averageUser = averageUser;
        this.d = dimension;
    }

    /** The bias of the cold-tower output at {@code vectorsAndBiases[row, +dimension + 1)}, calibrated. */
    float calibratedBias(float[] vectorsAndBiases, int row, ContentVocabulary.Encoded content) {
        float bias = vectorsAndBiases[row + d];
        if (contentMeanRating == null) {
            return bias;
        }
        double tower = globalMean + averageUser.bias() + bias;
        for (int k = 0; k < d; k++) {
            tower += averageUser.vector()[k] * vectorsAndBiases[row + k];
        }
        return (float) (bias + (1 - COLD_TOWER_SHARE) * (contentMeanRating.predict(content) - tower));
    }

    /** A movie in no catalog: {@code dimension} vector values, then its calibrated bias. */
    float[] vectorAndBias(ContentVocabulary.Encoded content) {
        float[] vectorAndBias = encoder.coldVectors(new ContentVocabulary.Encoded[] {content});
        vectorAndBias[d] = calibratedBias(vectorAndBias, 0, content);
        return vectorAndBias;
    }
}
