package dev.recsys.model.publicrating;

import dev.recsys.model.hybrid.ItemContent;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The franchises a movie may continue, as keys its predecessors share: TMDB's collection when it has one
 * ({@code c:toy story}), and always the title without what marks a sequel ({@code t:toy story} for "Toy Story",
 * "Toy Story 2", "Toy Story Part II" and "Toy Story: Forever"). The title key needs no TMDB data, so a catalog
 * with IMDb alone, or a planned movie's title, finds its franchise too.
 */
public final class FranchiseKeys {

    private static final Pattern YEAR = Pattern.compile("\\s*\\(\\d{4}\\)\\s*$");
    /** MovieLens writes "Godfather, The": the article goes, as it does not tell franchises apart. */
    private static final Pattern TRAILING_ARTICLE = Pattern.compile(",\\s*(the|a|an|les|la|le|el|il|der|die|das)$");
    private static final Pattern LEADING_ARTICLE = Pattern.compile("^(the|a|an)\\s+");
    /** A sequel number after a space ("Toy Story 2", "Rocky V", "Part II"); "Mad Max" keeps its x. */
    private static final Pattern SEQUEL_MARK = Pattern.compile("\\s*[-,]?\\s+(?:(?:part|chapter|episode|vol\\.?|volume)\\s+)?"
            + "(?:\\d{1,2}|ii|iii|iv|v|vi|vii|viii|ix|x|two|three|four)$");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern COLLECTION_SUFFIX = Pattern.compile("\\s*(collection|trilogy|series|saga)$");

    /**
     * Keys by title and by collection name: a fit asks for every movie's keys in every fold, and the regular
     * expressions cost microseconds a call (a String caches its hash, so a look-up costs next to nothing).
     */
    private static final Map<String, String> TITLE_KEYS = new ConcurrentHashMap<>();
    private static final Map<String, String> COLLECTION_KEYS = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 1_000_000;

    private FranchiseKeys() {
    }

    public static List<String> of(ItemContent c) {
        return of(c.title(), c.release() == null ? null : c.release().collection());
    }

    /** The keys of a movie's title and TMDB collection (either may be null). */
    public static List<String> of(String movieTitle, String collectionName) {
        String collection = collectionName == null ? ""
                : cached(COLLECTION_KEYS, collectionName, name -> "c:" + COLLECTION_SUFFIX.matcher(normalise(name)).replaceAll(""));
        String title = movieTitle == null ? "" : cached(TITLE_KEYS, movieTitle, t -> "t:" + titleBase(t));
        boolean hasCollection = collection.length() > 2;
        boolean hasTitle = title.length() > 2;
        return hasCollection && hasTitle ? List.of(collection, title) : hasCollection ? List.of(collection)
                : hasTitle ? List.of(title) : List.of();
    }

    private static String cached(Map<String, String> cache, String value, java.util.function.UnaryOperator<String> key) {
        String known = cache.get(value);
        if (known != null) {
            return known;
        }
        if (cache.size() > MAX_CACHED) {
            cache.clear();   // a bound, not a policy: one catalog's titles fit many times over
        }
        String computed = key.apply(value);
        cache.put(value, computed);
        return computed;
    }

    /**
     * Whether a described movie says it continues a franchise: it names a collection, or its title carries a sequel
     * number ("2", "II", "Part 3") or a subtitle after a colon. A title alone ("Heat") may be a remake, not a sequel.
     */
    public static boolean continuesOne(ItemContent c) {
        if (c.release() != null && c.release().collection() != null) {
            return true;
        }
        if (c.title() == null) {
            return false;
        }
        String t = TRAILING_ARTICLE.matcher(normalise(YEAR.matcher(c.title()).replaceAll(""))).replaceAll("");
        return t.indexOf(':') > 0 || SEQUEL_MARK.matcher(t).find() && !SEQUEL_MARK.matcher(t).replaceAll("").isBlank();
    }

    /** The title in lower case without accents, year, article, subtitle or sequel number. */
    public static String titleBase(String title) {
        if (title == null) {
            return "";
        }
        String t = normalise(YEAR.matcher(title).replaceAll(""));
        t = TRAILING_ARTICLE.matcher(t).replaceAll("");
        int colon = t.indexOf(':');
        if (colon > 0) {
            t = t.substring(0, colon).strip();   // "Star Wars: Episode V" continues "Star Wars"
        }
        String withoutMark = SEQUEL_MARK.matcher(t).replaceAll("").strip();
        if (!withoutMark.isEmpty()) {
            t = withoutMark;
        }
        return LEADING_ARTICLE.matcher(t).replaceAll("").strip();
    }

    private static String normalise(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }
}
