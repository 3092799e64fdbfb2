package dev.recsys.platform.error;

/**
 * A caller's value quoted in an error: at most {@link #MAX_SHOWN} characters of it, so that a megabyte sent in a
 * field is not echoed back (once in the detail, again in the field errors).
 */
public final class Quoted {

    public static final int MAX_SHOWN = 40;

    private Quoted() {
    }

    /** {@code 'value'}, or its first {@link #MAX_SHOWN} characters and how long it was. */
    public static String of(String value) {
        if (value == null) {
            return "null";
        }
        if (value.length() <= MAX_SHOWN) {
            return "'" + value + "'";
        }
        int end = Character.isHighSurrogate(value.charAt(MAX_SHOWN - 1)) ? MAX_SHOWN - 1 : MAX_SHOWN;
        return "'" + value.substring(0, end) + "…' (" + value.length() + " characters)";
    }
}
