package dev.recsys.recommendation.search;

import dev.recsys.model.TopK;
import dev.recsys.modelruntime.MovieLimits;
import dev.recsys.platform.error.ProblemException;
import dev.recsys.platform.error.ReadableText;
import dev.recsys.recommendation.recommend.RecommendationService;
import dev.recsys.text.TextEmbedder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Search by title or description: movies whose title is the query come first, then titles that start
 * with it or have all its words, then the movies whose text (title, tags, plot) is nearest the query's
 * sentence embedding. Popularity orders equals, and weighs a little in each group.
 */
@ApplicationScoped
public class MovieSearch {

    public static final int MAX_QUERY_LENGTH = 500;
    public static final int MAX_LIMIT = RecommendationService.MAX_LIMIT;
    /** Among title matches popularity counts more: "star wars" should list the famous episodes first. */
    static final float TITLE_POPULARITY_WEIGHT = 0.25f;
    /** Among text matches it only separates near-equals. */
    static final float TEXT_POPULARITY_WEIGHT = 0.02f;

    private enum TitleMatch { EXACT, STARTS_WITH, ALL_WORDS }

    private record Ranked(int row, TitleMatch match, float cosine, float order) {
    }

    private final SearchIndexLoader indexLoader;
    private final TextEmbedder embedder;

    public MovieSearch(SearchIndexLoader indexLoader, TextEmbedder embedder) {
        this.indexLoader = indexLoader;
        this.embedder = embedder;
    }

    public SearchResults search(String query, int limit) {
        checkQuery(query);
        checkLimit(limit);
        return search(indexLoader.current(), embedder, query, limit);
    }

    /** The ranking itself, for a checked query: the service's and the benchmark's one path. */
    static SearchResults search(SearchIndex index, TextEmbedder embedder, String query, int limit) {
        String key = TitleWords.key(query);
        Map<Integer, TitleMatch> titleMatches = titleMatches(index, key);
        float[] vector = index.embeddedCount() > 0 ? embedder.embed(query.strip()) : null;

        List<Ranked> ranked = new ArrayList<>();
        titleMatches.forEach((row, match) -> {
            float cosine = vector == null ? Float.NEGATIVE_INFINITY : index.cosine(vector, row);
            float order = (index.embedded(row) && vector != null ? cosine : 0) + TITLE_POPULARITY_WEIGHT * index.popularity(row);
            ranked.add(new Ranked(row, match, cosine, order));
        });
        ranked.sort(Comparator.comparing(Ranked::match).thenComparing(Ranked::order, Comparator.reverseOrder())
                .thenComparingInt(r -> index.movieId(r.row())));
        if (ranked.size() > limit) {
            ranked.subList(limit, ranked.size()).clear();
        }
        if (vector != null && ranked.size() < limit) {
            ranked.addAll(nearestTexts(index, vector, titleMatches, limit - ranked.size()));
        }
        List<SearchResults.Hit> hits = new ArrayList<>(ranked.size());
        for (Ranked r : ranked) {
            hits.add(new SearchResults.Hit(hits.size() + 1, index.movieId(r.row()), index.title(r.row()), index.year(r.row()),
                    index.genres(r.row()), r.cosine() == Float.NEGATIVE_INFINITY ? null : rounded(r.cosine()),
                    r.match() == null ? "text" : "title"));
        }
        return new SearchResults(query, SearchResults.TextIndex.of(index), hits);
    }

    private static Map<Integer, TitleMatch> titleMatches(SearchIndex index, String key) {
        Map<Integer, TitleMatch> matches = new HashMap<>();
        if (key.isEmpty()) {
            return matches;   // only punctuation: nothing to compare titles with
        }
        index.titlesStartingWith(key, row -> matches.put(row, TitleMatch.EXACT),
                row -> matches.merge(row, TitleMatch.STARTS_WITH, MovieSearch::better));
        for (int row : index.titlesWithWords(TitleWords.words(key))) {
            matches.merge(row, TitleMatch.ALL_WORDS, MovieSearch::better);
        }
        return matches;
    }

    private static TitleMatch better(TitleMatch a, TitleMatch b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The {@code count} movies (not already matched by title) whose texts are nearest the query. */
    private static List<Ranked> nearestTexts(SearchIndex index, float[] vector, Map<Integer, TitleMatch> exclude, int count) {
        float[] order = new float[index.size()];
        index.cosines(vector, order);
        for (int row = 0; row < order.length; row++) {
            if (order[row] != Float.NEGATIVE_INFINITY) {
                order[row] += TEXT_POPULARITY_WEIGHT * index.popularity(row);
            }
        }
        exclude.keySet().forEach(row -> order[row] = Float.NEGATIVE_INFINITY);
        int[] top = new int[Math.min(count, order.length)];
        int found = TopK.select(order, top);
        List<Ranked> nearest = new ArrayList<>(found);
        for (int k = 0; k < found; k++) {
            nearest.add(new Ranked(top[k], null, index.cosine(vector, top[k]), order[top[k]]));
        }
        return nearest;
    }

    static double rounded(float value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }

    private static void checkQuery(String query) {
        if (query == null || query.isBlank()) {
            throw ProblemException.badRequest("q", "is required: the words to search titles and descriptions for");
        }
        if (query.length() > MAX_QUERY_LENGTH) {
            throw ProblemException.badRequest("q", "at most " + MAX_QUERY_LENGTH + " characters; this one has "
                    + query.length());
        }
        if (hasControlCharacter(query)) {
            throw ProblemException.badRequest("q", "must not contain control characters (tabs, line breaks, NUL)");
        }
        if (!ReadableText.isReadable(query)) {
            throw ProblemException.badRequest("q", MovieLimits.UNREADABLE);
        }
    }

    static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }
}
