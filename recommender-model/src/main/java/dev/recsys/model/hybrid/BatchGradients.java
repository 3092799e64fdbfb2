package dev.recsys.model.hybrid;

import java.util.Arrays;

/**
 * Gradient sums of one batch, indexed by slot (a user's or movie's position among the batch's
 * distinct ones). Each of the two threads of a step fills its own; they are added before the update.
 */
final class BatchGradients {
    final float[] user;
    final float[] userBias;
    final float[] item;
    final float[] itemBias;
    final float[] choiceBias;
    final float[] content;
    final float[] q;
    final float[] qNegative;
    double loss;

    BatchGradients(int batchSize, int d) {
        user = new float[batchSize * d];
        userBias = new float[batchSize];
        item = new float[2 * batchSize * d];
        itemBias = new float[2 * batchSize];
        choiceBias = new float[2 * batchSize];
        content = new float[2 * batchSize * (d + 1)];
        q = new float[d];
        qNegative = new float[d];
    }

    void clear(int users, int items, int d) {
        Arrays.fill(user, 0, users * d, 0);
        Arrays.fill(userBias, 0, users, 0);
        Arrays.fill(item, 0, items * d, 0);
        Arrays.fill(itemBias, 0, items, 0);
        Arrays.fill(choiceBias, 0, items, 0);
        Arrays.fill(content, 0, items * (d + 1), 0);
        loss = 0;
    }

    /** Adds {@code other}'s sums into these. */
    void add(BatchGradients other, int users, int items, int d) {
        addInto(user, other.user, users * d);
        addInto(userBias, other.userBias, users);
        addInto(item, other.item, items * d);
        addInto(itemBias, other.itemBias, items);
        addInto(choiceBias, other.choiceBias, items);
        addInto(content, other.content, items * (d + 1));
        loss += other.loss;
    }

    private static void addInto(float[] into, float[] from, int length) {
        for (int x = 0; x < length; x++) {
            into[x] += from[x];
        }
    }
}
