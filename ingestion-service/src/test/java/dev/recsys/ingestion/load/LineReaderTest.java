package dev.recsys.ingestion.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static LineReader reader(byte[] bytes) {
        return new LineReader(new ByteArrayInputStream(bytes), "test.csv", StandardCharsets.UTF_8);
    }

    @Test
    void readsLfAndCrlfLinesAndALastLineWithoutNewline() throws CharacterCodingException {
        LineReader lines = reader("a,b\r\nc\n\nlast".getBytes(StandardCharsets.UTF_8));
        assertTrue(lines.next());
        assertEquals("a,b", lines.text());
        assertTrue(lines.next());
        assertEquals("c", lines.text());
        assertTrue(lines.next());
        assertTrue(lines.isBlank());
        assertTrue(lines.next());
        assertEquals("last", lines.text());
        assertEquals(4, lines.lineNumber());
        assertFalse(lines.next());
    }

    @Test
    void readsLinesLongerThanItsBuffer() throws CharacterCodingException {
        String longLine = "x".repeat(200_000);
        LineReader lines = reader((longLine + "\nshort\n").getBytes(StandardCharsets.UTF_8));
        assertTrue(lines.next());
        assertEquals(longLine, lines.text());
        assertTrue(lines.next());
        assertEquals("short", lines.text());
    }

    @Test
    void reportsInvalidUtf8OnlyForTheLineThatHasIt() throws CharacterCodingException {
        byte[] bytes = {'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n', 'f', 'i', 'n', 'e'};
        LineReader lines = reader(bytes);
        lines.next();
        assertEquals("ok", lines.text());
        lines.next();
        assertThrows(CharacterCodingException.class, lines::text);
        lines.next();
        assertEquals("fine", lines.text());
    }

    @Test
    void aTruncatedGzipFailsNamingTheFileAndTheLastLineRead() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            for (int i = 0; i < 50_000; i++) {
                gz.write(("1," + i + ",4.0,964982703\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] cut = Arrays.copyOf(compressed.toByteArray(), compressed.size() / 2);
        LineReader lines = new LineReader(new GZIPInputStream(new ByteArrayInputStream(cut)), "ratings.csv.gz",
                StandardCharsets.UTF_8);
        IngestionException failure = assertThrows(IngestionException.class, () -> {
            while (lines.next()) {
                // read to the end
            }
        });
        assertTrue(failure.getMessage().startsWith("ratings.csv.gz is truncated or corrupt: it ends unexpectedly after line "),
                failure.getMessage());
    }
}
