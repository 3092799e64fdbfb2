package dev.recsys.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StoredVectorsTest {

    @Test
    void bytesRoundTrip() {
        float[] vector = {0.5f, -0.25f, 1e-7f, Float.MIN_VALUE};
        byte[] bytes = StoredVectors.toBytes(vector);
        assertEquals(16, bytes.length);
        assertEquals(0x3f, bytes[3] & 0xff, "little-endian: 0.5f is 00 00 00 3f");
        assertArrayEquals(vector, StoredVectors.fromBytes(bytes));
    }
}
