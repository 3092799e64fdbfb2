package dev.recsys.model.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModelParamsTest {

    @Test
    void theDefaultBatchSizeGrowsWithTheTrainingRatingsBetween512And4096() {
        ModelParams auto = ModelParams.defaults();
        assertEquals(512, auto.batchSizeFor(90_669));          // ml-latest-small
        assertEquals(512, auto.batchSizeFor(900_000));         // ml-1m
        assertEquals(1024, auto.batchSizeFor(4_500_000));
        assertEquals(2048, auto.batchSizeFor(9_000_000));      // ml-10m
        assertEquals(4096, auto.batchSizeFor(22_427_911));     // ml-25m
        assertEquals(4096, auto.batchSizeFor(300_000_000));
        assertEquals(256, auto.withBatchSize(256).batchSizeFor(22_427_911));
    }
}
