package dev.recsys.ingestion.load;

/**
 * Parsers for one field of a text row, shared by every loader. Each names the field and the
 * value it could not read in the {@link RowRejected} it throws.
 */
public final class Fields {

    private Fields() {
    }

    public static int positiveId(String field, String value) {
        String v = value.strip();
        try {
            int id = Integer.parseInt(v);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new RowRejected(field + " '" + abbreviate(v) + "' is not a positive integer");
    }

    public static int nonNegativeInt(String field, String value) {
        String v = value.strip();
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new RowRejected(field + " '" + abbreviate(v) + "' is not a non-negative integer");
    }

    public static long unixTime(String field, String value) {
        String v = value.strip();
        try {
            long t = Long.parseLong(v);
            if (t >= 0) {
                return t;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new RowRejected(field + " '" + abbreviate(v) + "' is not a Unix time in seconds");
    }

    /** An integer, or null when the value is empty. */
    public static Integer optionalInt(String field, String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new RowRejected(field + " '" + abbreviate(value) + "' is not an integer");
        }
    }

    public static int requiredInt(String field, String value) {
        return required(field, optionalInt(field, value));
    }

    /** A number within [min, max], or null when the value is empty. */
    public static Float optionalFloat(String field, String value, float min, float max) {
        if (value.isEmpty()) {
            return null;
        }
        float parsed;
        try {
            parsed = Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw new RowRejected(field + " '" + abbreviate(value) + "' is not a number");
        }
        if (!(parsed >= min && parsed <= max)) {
            throw new RowRejected(field + " " + value + " is outside " + format(min) + "–" + format(max));
        }
        return parsed;
    }

    public static String requiredText(String field, String value) {
        if (value.isBlank()) {
            throw new RowRejected(field + " is missing");
        }
        return value;
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw new RowRejected(field + " is missing");
        }
        return value;
    }

    private static String format(float bound) {
        return bound == Math.rint(bound) ? Integer.toString((int) bound) : Float.toString(bound);
    }

    /** The value as it is quoted in a message: at most 60 characters. */
    public static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
