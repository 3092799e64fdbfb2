package dev.recsys.ingestion.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DelimitedFieldsTest {

    private static int split(DelimitedFields fields, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return fields.split(bytes, 0, bytes.length);
    }

    @Test
    void splitsOnSingleAndDoubleCharacterSeparators() {
        DelimitedFields comma = new DelimitedFields(",", 4);
        assertEquals(4, split(comma, "1,31,2.5,1260759144"));
        assertEquals(1, comma.positiveInt(0));
        assertEquals(31, comma.positiveInt(1));
        assertEquals(2.5, comma.decimal(2));
        assertEquals(1_260_759_144L, comma.nonNegativeLong(3));

        DelimitedFields dat = new DelimitedFields("::", 4);
        assertEquals(4, split(dat, "6040::858::4::956703932"));
        assertEquals(858, dat.positiveInt(1));
        assertEquals(4.0, dat.decimal(2));
        assertEquals("956703932", dat.text(3));

        DelimitedFields tab = new DelimitedFields("\t", 4);
        assertEquals(4, split(tab, "196\t242\t3\t881250949"));
        assertEquals(196, tab.positiveInt(0));
    }

    @Test
    void countsFieldsBeyondTheKeptOnesAndEmptyFields() {
        DelimitedFields comma = new DelimitedFields(",", 4);
        assertEquals(6, split(comma, "1,2,3,4,5,6"));
        assertEquals(3, split(comma, "1,,3"));
        assertEquals(-1, comma.positiveInt(1));
        assertEquals(1, split(comma, ""));
    }

    @Test
    void rejectsWhatIsNotANumber() {
        DelimitedFields comma = new DelimitedFields(",", 4);
        split(comma, "0,-3,4.5.1,x9,99999999999");
        assertEquals(-1, comma.positiveInt(0), "zero is not a positive id");
        assertEquals(-1, comma.positiveInt(1));
        assertTrue(Double.isNaN(comma.decimal(2)));
        assertTrue(Double.isNaN(comma.decimal(3)));
        split(comma, "99999999999,.5,5.,");
        assertEquals(-1, comma.positiveInt(0), "larger than an int");
        assertEquals(0.5, comma.decimal(1));
        assertEquals(5.0, comma.decimal(2));
        assertTrue(Double.isNaN(comma.decimal(3)));
    }
}
