package dev.recsys.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one text a movie is embedded from: its title (without the year), the tags users gave it most
 * often, the genome tags most relevant to it, and its plot when one is known. The same inputs always
 * give the same text, and the text's SHA-256 keys the stored embedding, so an unchanged movie is never
 * embedded twice.
 *
 * @param tags       user tags, most frequent first (the caller orders them by how many users gave each)
 * @param genomeTags genome tags, most relevant first (already above the relevance threshold)
 */
public record MovieText(String title, List<String> tags, List<String> genomeTags, String plot) {

    /** Most users' tags past the tenth add noise, not meaning (and the model reads 256 word pieces at most). */
    public static final int MAX_TAGS = 10;
    public static final int MAX_GENOME_TAGS = 10;
    /** A plot is cut at a sentence end near this length: the model would truncate it anyway. */
    public static final int MAX_PLOT_CHARACTERS = 800;

    public MovieText {
        title = title == null ? "" : title.strip();
        tags = tags == null ? List.of() : List.copyOf(tags);
        genomeTags = genomeTags == null ? List.of() : List.copyOf(genomeTags);
        plot = plot == null ? "" : plot.strip();
    }

    public static MovieText ofTitle(String title) {
        return new MovieText(title, List.of(), List.of(), null);
    }

    /**
     * What is known of the movie before its release: the title and plot, without the tags users and the
     * genome give it afterwards (a tag such as "masterpiece" would tell the public-rating model its answer).
     * A new movie described in a request has no tags, so its text is this one.
     */
    public MovieText release() {
        return new MovieText(title, List.of(), List.of(), plot);
    }

    /** "Toy Story. Tags: pixar, animation, fun. Plot: A cowboy doll ...". */
    public String text() {
        StringBuilder text = new StringBuilder(title);
        Set<String> keywords = new LinkedHashSet<>();
        addNormalised(tags, MAX_TAGS, keywords);
        addNormalised(genomeTags, MAX_GENOME_TAGS, keywords);
        if (!keywords.isEmpty()) {
            text.append(text.isEmpty() ? "" : ". ").append("Tags: ").append(String.join(", ", keywords));
        }
        if (!plot.isEmpty()) {
            text.append(text.isEmpty() ? "" : ". ").append("Plot: ").append(shortened(plot));
        }
        return text.toString();
    }

    /** Hex SHA-256 of {@link #text()} with the model name: the key of the stored vector. */
    public String textHash() {
        return hash(text());
    }

    public static String hash(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(TextEmbedder.MODEL_NAME.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Lower case, single spaces, no duplicates ("Pixar " and "pixar" are one tag). */
    static String normalisedTag(String tag) {
        return tag.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private static void addNormalised(List<String> source, int limit, Set<String> into) {
        List<String> added = new ArrayList<>();
        for (String tag : source) {
            if (added.size() == limit) {
                break;
            }
            String normalised = normalisedTag(tag);
            if (!normalised.isEmpty() && into.add(normalised)) {
                added.add(normalised);
            }
        }
    }

    private static String shortened(String plot) {
        if (plot.length() <= MAX_PLOT_CHARACTERS) {
            return plot;
        }
        int sentenceEnd = plot.lastIndexOf(". ", MAX_PLOT_CHARACTERS);
        return sentenceEnd > MAX_PLOT_CHARACTERS / 2 ? plot.substring(0, sentenceEnd + 1) : plot.substring(0, MAX_PLOT_CHARACTERS);
    }
}
