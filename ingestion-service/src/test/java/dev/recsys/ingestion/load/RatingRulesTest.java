package dev.recsys.ingestion.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RatingRulesTest {

    @Test
    void halfStarsFromHalfToFiveAreValid() {
        for (double r = 0.5; r <= 5.0; r += 0.5) {
            assertNull(RatingRules.problemWith(r), "rating " + r);
        }
    }

    @Test
    void everythingElseSaysWhy() {
        assertEquals("rating 0 is outside 0.5–5.0", RatingRules.problemWith(0.0));
        assertEquals("rating 5.5 is outside 0.5–5.0", RatingRules.problemWith(5.5));
        assertEquals("rating -1 is outside 0.5–5.0", RatingRules.problemWith(-1));
        assertEquals("rating 4.25 is not a multiple of 0.5", RatingRules.problemWith(4.25));
        assertEquals("rating is not a number", RatingRules.problemWith(Double.NaN));
    }
}
