package dev.recsys.model.hybrid;

import dev.recsys.model.implicit.EaseModel;

/**
 * Hyper-parameters of the hybrid model and its training.
 *
 * @param epochs          passes of the rating head over the training ratings (the tuner chooses it by early stopping)
 * @param dimension       size of user and item vectors
 * @param contentDimension size of each genre, word and person embedding fed to the content tower
 * @param hidden          width of the content and cold towers' hidden layer
 * @param batchSize       ratings per optimizer step, or {@link #AUTO_BATCH_SIZE}: chosen from the number of
 *                        training ratings ({@link #batchSizeFor})
 * @param regularization  L2 weight of the rating head's embeddings (chosen per dataset by the tuner)
 * @param idDropout       probability of dropping a movie's id embedding in a training sample, so that
 *                        the content path alone learns to serve movies never seen in training
 * @param rankingWeight   weight of the pairwise ranking loss next to the rating loss in the rating head
 * @param itemItemLambda  L2 weight λ of the item-item ("will pick") head (chosen per dataset by the tuner)
 * @param itemItemMaxItems at most this many (most-rated) movies in the item-item head: memory is their square × 4 bytes
 * @param likeWeight      weight of the rating head's "will like" term in top-N scores (chosen by the tuner)
 */
public record ModelParams(int epochs, int dimension, int contentDimension, int hidden, int batchSize,
                          float learningRate, float regularization, float idDropout, float rankingWeight,
                          float itemItemLambda, int itemItemMaxItems, float likeWeight, long seed) {

    /** Batch size "chosen from the data": see {@link #batchSizeFor}. */
    public static final int AUTO_BATCH_SIZE = 0;
    static final int SMALLEST_AUTO_BATCH = 512;
    static final int LARGEST_AUTO_BATCH = 4096;
    /** With the automatic batch size an epoch has at least about this many steps, where the size allows. */
    static final int STEPS_PER_EPOCH = 4000;

    public static ModelParams defaults() {
        return new ModelParams(20, 32, 16, 64, AUTO_BATCH_SIZE, 0.01f, 0.8f, 0.25f, 1.0f, 300f, EaseModel.DEFAULT_MAX_ITEMS, 0.02f, 42);
    }

    /**
     * The batch size a fit on {@code trainingRatings} ratings uses: the given one, or with
     * {@link #AUTO_BATCH_SIZE} 512 up to about 4M ratings, then doubling with the data up to 4096 (the
     * largest power of two that keeps {@value #STEPS_PER_EPOCH} steps per epoch). Each step has a fixed
     * cost (the content tower's forward and backward, handing half the work to the second core), so
     * large data trains faster in larger steps, and on small data 512 was as accurate or better
     * (docs/benchmarks.md, batch size).
     */
    public int batchSizeFor(int trainingRatings) {
        if (batchSize != AUTO_BATCH_SIZE) {
            return batchSize;
        }
        int byData = Integer.highestOneBit(Math.max(1, trainingRatings / STEPS_PER_EPOCH));
        return Math.max(SMALLEST_AUTO_BATCH, Math.min(LARGEST_AUTO_BATCH, byData));
    }

    public ModelParams withBatchSize(int newBatchSize) {
        return new ModelParams(epochs, dimension, contentDimension, hidden, newBatchSize, learningRate, regularization,
                idDropout, rankingWeight, itemItemLambda, itemItemMaxItems, likeWeight, seed);
    }

    public ModelParams withDimension(int newDimension) {
        return new ModelParams(epochs, newDimension, contentDimension, hidden, batchSize, learningRate, regularization,
                idDropout, rankingWeight, itemItemLambda, itemItemMaxItems, likeWeight, seed);
    }

    public ModelParams withEpochs(int newEpochs) {
        return new ModelParams(newEpochs, dimension, contentDimension, hidden, batchSize, learningRate, regularization,
                idDropout, rankingWeight, itemItemLambda, itemItemMaxItems, likeWeight, seed);
    }

    public ModelParams withSeed(long newSeed) {
        return new ModelParams(epochs, dimension, contentDimension, hidden, batchSize, learningRate, regularization,
                idDropout, rankingWeight, itemItemLambda, itemItemMaxItems, likeWeight, newSeed);
    }

    public ModelParams withRegularization(float newRegularization) {
        return new ModelParams(epochs, dimension, contentDimension, hidden, batchSize, learningRate, newRegularization,
                idDropout, rankingWeight, itemItemLambda, itemItemMaxItems, likeWeight, seed);
    }

    public ModelParams withTopN(float newLambda, float newLikeWeight) {
        return new ModelParams(epochs, dimension, contentDimension, hidden, batchSize, learningRate, regularization,
                idDropout, rankingWeight, newLambda, itemItemMaxItems, newLikeWeight, seed);
    }

    int contentInput() {
        return 3 * contentDimension + ContentVocabulary.NUMERIC_FEATURES;
    }
}
