package dev.recsys.ingestion.load;

import java.nio.charset.StandardCharsets;

/**
 * Splits a raw line into fields on a separator ({@code ,}, a tab, {@code |} or {@code ::})
 * and parses numbers straight from the bytes. Used for the numeric files (ratings) that make
 * up nearly all of a release's bytes, where creating strings per row would dominate the cost.
 */
public final class DelimitedFields {

    private final byte[] separator;
    private final int[] starts;
    private final int[] ends;
    private byte[] line;
    private int count;

    public DelimitedFields(String separator, int maxFields) {
        this.separator = separator.getBytes(StandardCharsets.US_ASCII);
        this.starts = new int[maxFields];
        this.ends = new int[maxFields];
    }

    /** Splits {@code line[start, end)}; returns the number of fields found (may exceed the maximum kept). */
    public int split(byte[] bytes, int start, int end) {
        line = bytes;
        count = 0;
        int fieldStart = start;
        int i = start;
        byte first = separator[0];
        while (i <= end - separator.length) {
            if (bytes[i] == first && matchesSeparator(bytes, i)) {
                keep(fieldStart, i);
                i += separator.length;
                fieldStart = i;
            } else {
                i++;
            }
        }
        keep(fieldStart, end);
        return count;
    }

    private boolean matchesSeparator(byte[] bytes, int at) {
        for (int k = 1; k < separator.length; k++) {
            if (bytes[at + k] != separator[k]) {
                return false;
            }
        }
        return true;
    }

    private void keep(int start, int end) {
        if (count < starts.length) {
            starts[count] = start;
            ends[count] = end;
        }
        count++;
    }

    /** Where the field starts in the line's bytes. */
    public int start(int field) {
        return starts[field];
    }

    /** Where the field ends (exclusive) in the line's bytes. */
    public int end(int field) {
        return ends[field];
    }

    public String text(int field) {
        return new String(line, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
    }

    /** The field as a non-negative integer, or -1 if it is not one. */
    public long nonNegativeLong(int field) {
        int start = starts[field];
        int end = ends[field];
        if (start == end || end - start > 18) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** The field as a positive int id, or -1 if it is not one. */
    public int positiveInt(int field) {
        long value = nonNegativeLong(field);
        return value > 0 && value <= Integer.MAX_VALUE ? (int) value : -1;
    }

    /** The field as a decimal number ({@code 4}, {@code 3.5}, {@code 4.0}), or NaN if it is not one. */
    public double decimal(int field) {
        int start = starts[field];
        int end = ends[field];
        long whole = 0;
        long fraction = 0;
        long scale = 1;
        boolean dot = false;
        boolean digits = false;
        for (int i = start; i < end; i++) {
            byte b = line[i];
            if (b == '.' && !dot) {
                dot = true;
            } else if (b >= '0' && b <= '9' && (dot ? scale : whole) < 1_000_000_000L) {
                digits = true;
                if (dot) {
                    fraction = fraction * 10 + (b - '0');
                    scale *= 10;
                } else {
                    whole = whole * 10 + (b - '0');
                }
            } else {
                return Double.NaN;
            }
        }
        return digits ? whole + (double) fraction / scale : Double.NaN;
    }
}
