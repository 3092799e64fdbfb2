package dev.recsys.ingestion.tmdb;

import dev.recsys.insights.NameKey;
import dev.recsys.ingestion.load.Fields;
import dev.recsys.ingestion.load.RowRejected;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One movie row of either TMDB layout, read by column name. A zero budget, revenue or runtime means
 * unknown in both files and is kept as null; lists are read with the layout's literal syntax.
 */
record TmdbMovie(int tmdbId, Integer imdbId, String title, String originalTitle, String originalLanguage,
                 String overview, String tagline, LocalDate releaseDate, Integer releaseYear, Integer releaseMonth,
                 Long budget, Long revenue, Integer runtime, Float voteAverage, Integer voteCount, Float popularity,
                 String status, Integer collectionId, String collection, List<String> genres,
                 List<Name> companies, List<Name> countries, List<Name> languages, List<Name> keywords) {

    /** An entry of a named list: a TMDB id or ISO code, and the name. */
    record Name(String code, String name) {
        String key() {
            return NameKey.of(name);
        }
    }

    private static final Pattern DATE = Pattern.compile("(\\d{4})(?:-(\\d{1,2})(?:-(\\d{1,2}))?)?");
    private static final Pattern IMDB_ID = Pattern.compile("tt(\\d{1,9})");

    /** A row's cells by column name; a cell of a column the layout lacks reads as empty. */
    interface Cells {
        String get(String column);
    }

    static TmdbMovie read(TmdbLayout layout, Cells cells) {
        int tmdbId = tmdbId(cells.get("id"));
        String title = text(cells.get("title"));
        if (title == null) {
            throw new RowRejected("title is empty");
        }
        String date = cells.get("release_date").strip();
        Matcher d = DATE.matcher(date);
        if (!date.isEmpty() && !d.matches()) {
            throw new RowRejected("release_date '" + Fields.abbreviate(date) + "' is not a date (YYYY-MM-DD)");
        }
        Integer year = date.isEmpty() ? null : Integer.valueOf(d.group(1));
        Integer month = date.isEmpty() || d.group(2) == null ? null : Integer.valueOf(d.group(2));
        if (month != null && (month < 1 || month > 12)) {
            throw new RowRejected("release_date '" + date + "' has no month " + month);
        }
        LocalDate releaseDate = null;
        if (!date.isEmpty() && d.group(3) != null) {
            try {
                releaseDate = LocalDate.of(year, month, Integer.parseInt(d.group(3)));
            } catch (DateTimeException e) {
                throw new RowRejected("release_date '" + date + "' is no calendar day");
            }
        }
        Map<String, Object> collection = dict(layout, "belongs_to_collection", cells.get("belongs_to_collection"));
        String collectionName = collection == null ? null : string(collection.get("name"));
        return new TmdbMovie(tmdbId, imdbId(cells.get("imdb_id")), title, text(cells.get("original_title")),
                text(cells.get("original_language")), text(cells.get("overview")), text(cells.get("tagline")),
                releaseDate, year, month, amount("budget", cells.get("budget")), amount("revenue", cells.get("revenue")),
                runtime(cells.get("runtime")), number("vote_average", cells.get("vote_average")),
                count("vote_count", cells.get("vote_count")), number("popularity", cells.get("popularity")),
                text(cells.get("status")), collectionName == null ? null : integer(collection.get("id")), collectionName,
                names(layout, "genres", cells.get("genres"), "id").stream().map(Name::name).toList(),
                names(layout, "production_companies", cells.get("production_companies"), "id"),
                names(layout, "production_countries", cells.get("production_countries"), "iso_3166_1"),
                names(layout, "spoken_languages", cells.get("spoken_languages"), "iso_639_1"),
                names(layout, "keywords", cells.get("keywords"), "id"));
    }

    static int tmdbId(String value) {
        String v = value.strip();
        if (!v.isEmpty() && v.length() < 10 && v.chars().allMatch(Character::isDigit)) {
            int id = Integer.parseInt(v);
            if (id > 0) {
                return id;
            }
        }
        throw new RowRejected("id '" + Fields.abbreviate(v) + "' is not a TMDB id (a row whose columns are shifted?)");
    }

    private static Integer imdbId(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.equals("0")) {
            return null;   // The Movies Dataset writes 0 for a handful of movies without an IMDb title
        }
        Matcher m = IMDB_ID.matcher(v);
        if (!m.matches()) {
            throw new RowRejected("imdb_id '" + Fields.abbreviate(v) + "' is not an IMDb title id (tt0114709)");
        }
        return Integer.valueOf(m.group(1));
    }

    /** Dollars; 0 (and empty) is TMDB's "unknown". Revenue is written as a float in The Movies Dataset. */
    private static Long amount(String column, String value) {
        double parsed = decimal(column, value);
        if (parsed < 0 || parsed > 1e13) {
            throw new RowRejected(column + " " + Fields.abbreviate(value.strip()) + " is not an amount in dollars");
        }
        long dollars = Math.round(parsed);
        return dollars == 0 ? null : dollars;
    }

    private static Integer runtime(String value) {
        double minutes = decimal("runtime", value);
        if (minutes < 0 || minutes > Short.MAX_VALUE) {
            throw new RowRejected("runtime " + Fields.abbreviate(value.strip()) + " is not a number of minutes");
        }
        int rounded = (int) Math.round(minutes);
        return rounded == 0 ? null : rounded;
    }

    private static Float number(String column, String value) {
        if (value.isBlank()) {
            return null;
        }
        double parsed = decimal(column, value);
        if (parsed < 0) {
            throw new RowRejected(column + " " + Fields.abbreviate(value.strip()) + " is negative");
        }
        return (float) parsed;
    }

    private static Integer count(String column, String value) {
        if (value.isBlank()) {
            return null;
        }
        double parsed = decimal(column, value);
        if (parsed < 0 || parsed > Integer.MAX_VALUE || parsed != Math.rint(parsed)) {
            throw new RowRejected(column + " " + Fields.abbreviate(value.strip()) + " is not a count");
        }
        return (int) parsed;
    }

    /** A decimal number; empty reads as 0 (unknown). */
    private static double decimal(String column, String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return 0;
        }
        try {
            double parsed = Double.parseDouble(v);
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new RowRejected(column + " '" + Fields.abbreviate(v) + "' is not a number");
    }

    private static String text(String value) {
        String v = value.strip();
        return v.isEmpty() ? null : v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dict(TmdbLayout layout, String column, String cell) {
        Object value = cell(layout, column, cell);
        if (value == null || value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw new RowRejected(column + " is not a dict");
    }

    /** The named entries of a list cell, in file order; entries without a name are skipped. */
    static List<Name> names(TmdbLayout layout, String column, String cell, String codeKey) {
        Object value = cell(layout, column, cell);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new RowRejected(column + " is not a list");
        }
        List<Name> names = new ArrayList<>(list.size());
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?> fields)) {
                throw new RowRejected(column + " holds an entry that is not a dict");
            }
            String name = string(fields.get("name"));
            if (name != null) {
                Object code = fields.get(codeKey);
                names.add(new Name(code == null ? null : String.valueOf(code), name));
            }
        }
        return names;
    }

    static Object cell(TmdbLayout layout, String column, String cell) {
        try {
            return layout.parseCell(cell);
        } catch (IllegalArgumentException e) {
            throw new RowRejected(column + " is " + e.getMessage());
        }
    }

    static String string(Object value) {
        if (value == null) {
            return null;
        }
        String s = String.valueOf(value).strip();
        return s.isEmpty() ? null : s;
    }

    static Integer integer(Object value) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        return null;
    }
}
