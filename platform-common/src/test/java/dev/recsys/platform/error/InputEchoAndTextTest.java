package dev.recsys.platform.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What errors quote of a caller's input, which texts the text model can read, and which request targets decode. */
class InputEchoAndTextTest {

    @Test
    void aLongValueIsQuotedByItsFirst40CharactersAndItsLength() {
        assertEquals("'Drama'", Quoted.of("Drama"));
        String megabyte = "x".repeat(1_000_000);
        assertEquals("'" + "x".repeat(40) + "…' (1000000 characters)", Quoted.of(megabyte));
        assertEquals("null", Quoted.of(null));
    }

    @Test
    void textTheTokenizerReadsAsNothingIsNotReadable() {
        for (String unreadable : new String[] {"", "   ", "\u200B", "\uFEFF", "\u00AD", "\uFFFD", "\u0301\u0301", "\t\n"}) {
            assertFalse(ReadableText.isReadable(unreadable), "'" + unreadable + "' (" + unreadable.codePoints().boxed().toList() + ")");
        }
        for (String readable : new String[] {"Heat", "\u200BHeat", "1917", "Amélie", "!", "€", "東京物語", "\uD83C\uDFAC"}) {
            assertTrue(ReadableText.isReadable(readable), readable);
        }
        assertFalse(ReadableText.isReadable(null));
    }

    @Test
    void aTargetThatIsNotPercentEncodingIsNamed() {
        assertNull(MalformedRequests.malformedPart("/api/v1/movies/search?q=toy%20story&limit=5"));
        assertNull(MalformedRequests.malformedPart("/api/v1/movies/search?q=caf%C3%A9+au+lait"));
        assertEquals("query string", MalformedRequests.malformedPart("/api/v1/movies/search?q=%zz"));
        assertEquals("query string", MalformedRequests.malformedPart("/api/v1/movies/search?q=%E2%80"));
        assertEquals("query string", MalformedRequests.malformedPart("/api/v1/movies/search?q=abc%FFdef"));
        assertEquals("path", MalformedRequests.malformedPart("/api/v1/movies/%G1"));
    }
}
