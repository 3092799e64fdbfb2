package dev.recsys.recommendation.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Titles and queries in one comparable form, so that "the matrix", "Matrix" and MovieLens's
 * "Matrix, The" are the same key: the trailing article moved back to the front, accents, case,
 * apostrophes and punctuation dropped, and a leading English article left out.
 */
final class TitleWords {

    /** MovieLens moves a title's leading article to the end after a comma, in many languages. */
    private static final Pattern TRAILING_ARTICLE = Pattern.compile(
            ",\\s*(the|a|an|les|la|le|l'|el|il|lo|los|las|der|die|das|un|une|det|den|de|het|een|o|os|as)$",
            Pattern.CASE_INSENSITIVE);
    /** "City of Lost Children, The (Cité des enfants perdus, La)": the original title in parentheses. */
    private static final Pattern ALTERNATE_TITLE = Pattern.compile("^(.+?)\\s*\\(([^()]+)\\)\\s*$");
    private static final Pattern LEADING_ARTICLE = Pattern.compile("^(the|a|an) ");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private TitleWords() {
    }

    /** The key of a query or of one title: lower-case words separated by single spaces. */
    static String key(String text) {
        String title = text.strip();
        Matcher article = TRAILING_ARTICLE.matcher(title);
        if (article.find()) {
            title = article.group(1) + " " + title.substring(0, article.start());
        }
        String plain = MARKS.matcher(Normalizer.normalize(title, Normalizer.Form.NFD)).replaceAll("");
        plain = plain.toLowerCase(Locale.ROOT).replace("'", "").replace("\u2019", "");
        plain = NOT_WORD.matcher(plain).replaceAll(" ").strip();
        String withoutArticle = LEADING_ARTICLE.matcher(plain).replaceFirst("");
        // A query of only an article ("the") still means something.
        return withoutArticle.isEmpty() ? plain : withoutArticle;
    }

    /** The keys a catalog title answers to: its own, and the original title MovieLens gives in parentheses. */
    static List<String> keys(String title) {
        List<String> keys = new ArrayList<>(2);
        Matcher alternate = ALTERNATE_TITLE.matcher(title.strip());
        if (alternate.matches()) {
            addKey(keys, alternate.group(1));
            addKey(keys, alternate.group(2));
        } else {
            addKey(keys, title);
        }
        return keys;
    }

    static String[] words(String key) {
        return key.isEmpty() ? new String[0] : key.split(" ");
    }

    private static void addKey(List<String> keys, String title) {
        String key = key(title);
        if (!key.isEmpty() && !keys.contains(key)) {
            keys.add(key);
        }
    }
}
