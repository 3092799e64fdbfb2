package dev.recsys.modelruntime;

import dev.recsys.platform.error.FieldError;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.error.ReadableText;
import java.util.List;

/**
 * The bounds on a movie described by its content, the same on every endpoint that takes one
 * ({@code /predictions/new-movie}, a scenario's base and its variations), so that no request can
 * ask for unbounded work or an echo of megabytes. Each check adds a {@link FieldError} naming the
 * field as the caller wrote it.
 */
public final class MovieLimits {

    public static final int MAX_TITLE_LENGTH = 500;
    public static final int MAX_NAMES = 100;
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MIN_YEAR = 1870;
    public static final int MAX_YEAR = 2100;
    public static final int MIN_RUNTIME = 1;
    public static final int MAX_RUNTIME = 1_000;
    /** The model reads about the first 800 characters ({@code MovieText}); more is refused rather than silently cut. */
    public static final int MAX_PLOT_LENGTH = 5_000;

    private MovieLimits() {
    }

    public static void checkTitle(List<FieldError> errors, String field, String title) {
        if (title != null && title.length() > MAX_TITLE_LENGTH) {
            errors.add(new FieldError(field, "at most " + MAX_TITLE_LENGTH + " characters"));
        } else if (title != null && !ReadableText.isReadable(title)) {
            errors.add(new FieldError(field, UNREADABLE));
        }
    }

    /** Text the text model's tokenizer would read as nothing ({@link ReadableText}). */
    public static final String UNREADABLE = "has no letters, digits or symbols to read (only spaces, invisible or "
            + "unreadable characters)";

    /** A plot: 1 to {@link #MAX_PLOT_LENGTH} characters, no control characters but line breaks and tabs. */
    public static void checkPlot(List<FieldError> errors, String field, String plot) {
        if (plot == null) {
            return;
        }
        if (plot.isBlank()) {
            errors.add(new FieldError(field, "must not be blank (leave it out when there is none)"));
        } else if (!ReadableText.isReadable(plot)) {
            errors.add(new FieldError(field, UNREADABLE + "; leave it out when there is none"));
        } else if (plot.length() > MAX_PLOT_LENGTH) {
            errors.add(new FieldError(field, "at most " + MAX_PLOT_LENGTH + " characters"));
        } else if (plot.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            errors.add(new FieldError(field, "must not contain control characters"));
        }
    }

    public static void checkYear(List<FieldError> errors, String field, Integer year) {
        if (year != null && (year < MIN_YEAR || year > MAX_YEAR)) {
            errors.add(new FieldError(field, "must be between " + MIN_YEAR + " and " + MAX_YEAR));
        }
    }

    public static void checkRuntime(List<FieldError> errors, String field, Integer runtime) {
        if (runtime != null && (runtime < MIN_RUNTIME || runtime > MAX_RUNTIME)) {
            errors.add(new FieldError(field, "must be between " + MIN_RUNTIME + " and " + MAX_RUNTIME + " minutes"));
        }
    }

    public static void checkImdbRating(List<FieldError> errors, String field, Float rating) {
        if (rating != null && (rating < 1 || rating > 10)) {
            errors.add(new FieldError(field, "must be between 1 and 10"));
        }
    }

    public static void checkImdbVotes(List<FieldError> errors, String field, Integer votes) {
        if (votes != null && votes < 0) {
            errors.add(new FieldError(field, "must be 0 or more"));
        }
    }

    /** A list of genres or people: at most {@link #MAX_NAMES} entries, each 1 to {@link #MAX_NAME_LENGTH} characters. */
    public static void checkNames(List<FieldError> errors, String field, List<String> names) {
        if (names == null) {
            return;
        }
        if (names.size() > MAX_NAMES) {
            errors.add(new FieldError(field, "at most " + MAX_NAMES + " entries"));
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null || names.get(i).isBlank() || names.get(i).length() > MAX_NAME_LENGTH) {
                errors.add(new FieldError(field + "[" + i + "]", "must be 1 to " + MAX_NAME_LENGTH + " characters"));
            }
        }
    }

    /** Dollars: the largest budget ever spent is under a billion; a trillion is a typo. */
    public static final long MAX_BUDGET = 1_000_000_000_000L;

    /** What a studio knows before release (the TMDB fields of a planned movie), checked like the rest. */
    public static void checkReleaseFacts(List<FieldError> errors, String prefix, Long budget, Integer releaseMonth,
                                         String originalLanguage, List<String> companies, List<String> countries,
                                         List<String> keywords, String collection) {
        checkBudget(errors, prefix + "budget", budget);
        if (releaseMonth != null && (releaseMonth < 1 || releaseMonth > 12)) {
            errors.add(new FieldError(prefix + "releaseMonth", "must be between 1 and 12"));
        }
        if (originalLanguage != null && !originalLanguage.matches("[A-Za-z]{2,3}")) {
            errors.add(new FieldError(prefix + "originalLanguage", "must be an ISO 639-1 code such as en"));
        }
        checkNames(errors, prefix + "companies", companies);
        checkNames(errors, prefix + "countries", countries);
        checkNames(errors, prefix + "keywords", keywords);
        if (collection != null && (collection.isBlank() || collection.length() > MAX_NAME_LENGTH)) {
            errors.add(new FieldError(prefix + "collection", "must be 1 to " + MAX_NAME_LENGTH + " characters"));
        }
    }

    public static void checkBudget(List<FieldError> errors, String field, Long budget) {
        if (budget != null && (budget < 1 || budget > MAX_BUDGET)) {
            errors.add(new FieldError(field, "must be between 1 and " + MAX_BUDGET + " US dollars"));
        }
    }

    /** A 400 naming the first error (and listing all), if there is any. */
    public static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.get(0).field() + ": " + errors.get(0).message(), errors);
        }
    }
}
