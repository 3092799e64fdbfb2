package dev.recsys.insights;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The form in which names are matched: lower case, accents removed, runs of spaces as one. The loaders
 * store it beside each name and the catalog questions compare a user's {@code ?name=} with it, so that
 * "societe generale" finds "Société Générale" and "AMELIE" finds "Amélie".
 */
public final class NameKey {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private NameKey() {
    }

    public static String of(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD);
        return SPACES.matcher(MARKS.matcher(decomposed).replaceAll("")).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
    }
}
