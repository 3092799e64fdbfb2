package dev.recsys.ingestion.movielens;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits MovieLens titles such as {@code American President, The (1995)} into title and year. */
final class MovieTitles {

    // The year is the last parenthesised group; a few titles carry a range "(2007-2013)" or trailing spaces.
    private static final Pattern TITLE_YEAR = Pattern.compile("^(.*?)\\s*\\((\\d{4})(?:[-–]\\d{4})?\\)\\s*$");

    private MovieTitles() {
    }

    record TitleAndYear(String title, Integer year) {
    }

    static TitleAndYear split(String raw) {
        String trimmed = raw.strip();
        Matcher m = TITLE_YEAR.matcher(trimmed);
        if (m.matches() && !m.group(1).isEmpty()) {
            return new TitleAndYear(m.group(1), Integer.valueOf(m.group(2)));
        }
        return new TitleAndYear(trimmed, null);
    }
}
