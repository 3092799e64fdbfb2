package dev.recsys.model.hybrid;

/**
 * The average user of the training data (mean bias and vector, not a zero vector): how the model
 * answers for a user it has never seen, and what the cold start calibrates a new movie against.
 */
record AverageUser(float[] vector, float bias) {

    static AverageUser of(float[] userVectors, float[] userBias, int users, int d) {
        float[] vector = new float[d];
        double biasSum = 0;
        for (int u = 0; u < users; u++) {
            biasSum += userBias[u];
            for (int k = 0; k < d; k++) {
                vector[k] += userVectors[u * d + k] / users;
            }
        }
        return new AverageUser(vector, users == 0 ? 0 : (float) (biasSum / users));
    }
}
