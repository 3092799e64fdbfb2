package dev.recsys.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrincipalDirectionsTest {

    @Test
    void thePrincipalDirectionsOfAKnownSpectrumAreFound() {
        int width = 20;
        double[] diagonal = new double[width * width];
        for (int d = 0; d < width; d++) {
            diagonal[d * width + d] = d == 5 ? 10 : d == 11 ? 4 : 1.0 / (d + 1);
        }
        double[] top = PrincipalDirections.top(diagonal, width, 2, 150, 1);
        assertEquals(1, Math.abs(top[5]), 1e-9);
        assertEquals(1, Math.abs(top[width + 11]), 1e-9);
    }
}
