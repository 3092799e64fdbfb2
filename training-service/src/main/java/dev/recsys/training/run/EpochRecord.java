package dev.recsys.training.run;

/** One point of the training curve. */
public record EpochRecord(int epoch, double trainLoss, double validationRmse, double seconds) {
}
