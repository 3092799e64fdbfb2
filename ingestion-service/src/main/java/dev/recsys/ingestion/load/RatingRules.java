package dev.recsys.ingestion.load;

/** What a valid rating is, in one place for file loads and the ratings API. */
public final class RatingRules {

    public static final double MIN = 0.5;
    public static final double MAX = 5.0;

    private RatingRules() {
    }

    /** Null when {@code rating} is a valid half-star value, else the reason it is not. */
    public static String problemWith(double rating) {
        if (Double.isNaN(rating)) {
            return "rating is not a number";
        }
        if (rating < MIN || rating > MAX) {
            return "rating " + format(rating) + " is outside " + MIN + "–" + MAX;
        }
        if (Math.abs(rating * 2 - Math.rint(rating * 2)) > 1e-9) {
            return "rating " + format(rating) + " is not a multiple of 0.5";
        }
        return null;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
