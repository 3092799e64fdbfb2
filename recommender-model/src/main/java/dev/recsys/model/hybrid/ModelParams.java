package dev.recsys.model.hybrid;

/**
 * Hyper-parameters of the hybrid model and its training.
 *
 * @param dimension       size of user and item vectors
 * @param contentDimension size of each genre, word and person embedding fed to the content tower
 * @param hidden          width of the content tower's hidden layer
 * @param idDropout       probability of dropping a movie's id embedding in a training sample, so that
 *                        the content path alone learns to serve movies never seen in training
 * @param rankingWeight   weight of the ranking loss (rated movie above a random one) next to the rating loss
 */
public record ModelParams(int epochs, int dimension, int contentDimension, int hidden, int batchSize,
                          float learningRate, float regularization, float idDropout, float rankingWeight, long seed) {

    public static ModelParams defaults() {
        return new ModelParams(20, 32, 16, 64, 512, 0.01f, 0.8f, 0.25f, 1.0f, 42);
    }

    public ModelParams withEpochs(int newEpochs) {
        return new ModelParams(newEpochs, dimension, contentDimension, hidden, batchSize, learningRate, regularization,
                idDropout, rankingWeight, seed);
    }

    public ModelParams withDimension(int newDimension) {
        return new ModelParams(epochs, newDimension, contentDimension, hidden, batchSize, learningRate, regularization,
                idDropout, rankingWeight, seed);
    }

    public ModelParams withLearningRate(float newLearningRate) {
        return new ModelParams(epochs, dimension, contentDimension, hidden, batchSize, newLearningRate, regularization,
                idDropout, rankingWeight, seed);
    }

    public ModelParams withBatchSize(int newBatchSize) {
        return new ModelParams(epochs, dimension, contentDimension, hidden, newBatchSize, learningRate, regularization,
                idDropout, rankingWeight, seed);
    }

    public ModelParams withSeed(long newSeed) {
        return new ModelParams(epochs, dimension, contentDimension, hidden, batchSize, learningRate, regularization,
                idDropout, rankingWeight, newSeed);
    }

    int contentInput() {
        return 3 * contentDimension + ContentVocabulary.NUMERIC_FEATURES;
    }
}
