package dev.recsys.model.hybrid;

import dev.recsys.model.implicit.EaseModel;

/**
 * Hyper-parameters of the hybrid model and its training.
 *
 * @param epochs          passes of the rating head over the training ratings (the tuner chooses it by early stopping)
 * @param dimension       size of user and item vectors
 * @param contentDimension size of each genre, word and person embedding fed to the content tower
 * @param hidden          width of the content and cold towers' hidden layer
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

    public static ModelParams defaults() {
        return new ModelParams(20, 32, 16, 64, 512, 0.01f, 0.8f, 0.25f, 1.0f, 300f, EaseModel.DEFAULT_MAX_ITEMS, 0.02f, 42);
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
