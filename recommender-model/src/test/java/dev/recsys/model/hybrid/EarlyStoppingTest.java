package dev.recsys.model.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    @Test
    void stopsPatienceEpochsAfterThePlantedBestAndRemembersIt() {
        // Validation error falls to its lowest at epoch 4, then rises (overfitting).
        double[] errors = {0.95, 0.90, 0.88, 0.87, 0.875, 0.88, 0.89, 0.90};
        EarlyStopping stopping = new EarlyStopping(3);
        int stoppedAt = -1;
        for (int epoch = 1; epoch <= errors.length; epoch++) {
            if (stopping.record(epoch, errors[epoch - 1])) {
                stoppedAt = epoch;
                break;
            }
        }
        assertEquals(7, stoppedAt);
        assertEquals(4, stopping.bestEpoch());
        assertEquals(0.87, stopping.bestError());
    }

    @Test
    void keepsGoingWhileTheErrorImproves() {
        EarlyStopping stopping = new EarlyStopping(2);
        for (int epoch = 1; epoch <= 10; epoch++) {
            assertFalse(stopping.record(epoch, 1.0 / epoch));
        }
        assertEquals(10, stopping.bestEpoch());
        assertTrue(stopping.record(11, 0.5) == false && stopping.record(12, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0));
    }

    @Test
    void improvementsSmallerThanTheMinimumDoNotCount() {
        // Falls 1 % per epoch to epoch 3, then 0.02 % per epoch: with a 0.1 % minimum, epoch 3 is the best.
        double[] errors = {1.0, 0.99, 0.9801, 0.9799, 0.9797, 0.9795, 0.9793};
        EarlyStopping stopping = new EarlyStopping(3, 0.001);
        int stoppedAt = -1;
        for (int epoch = 1; epoch <= errors.length; epoch++) {
            if (stopping.record(epoch, errors[epoch - 1])) {
                stoppedAt = epoch;
                break;
            }
        }
        assertEquals(6, stoppedAt);
        assertEquals(3, stopping.bestEpoch());
        assertEquals(0.9801, stopping.bestError());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(3, 1));
    }
}
