package dev.recsys.recommendation.search;

import dev.recsys.text.TextEmbedder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * One replica's in-memory view of the catalog for search, immutable once built: per movie (a row)
 * its title keys, year, genres, popularity and text vector. Vectors are rows of one contiguous
 * {@code float[]} (62,000 movies: 95 MB), scanned in full for every query: exact, no approximate index
 * to tune, and a few milliseconds per query at that size.
 */
final class SearchIndex {

    static final int DIMENSIONS = TextEmbedder.DIMENSIONS;

    /** A catalog movie as read for the index; {@code vector} null when its text is not embedded yet. */
    record Movie(int movieId, String title, Integer year, List<String> genres, float[] vector) {
    }

    private final int[] movieIds;
    private final String[] titles;
    private final Integer[] years;
    private final List<List<String>> genres;
    private final float[] vectors;
    private final boolean[] embedded;
    private final int embeddedCount;
    /** Popularity percentile of each row by rating count, 0-1 (1: the most-rated). */
    private final float[] popularity;
    /** Every title key, sorted, and the row it belongs to: exact keys and key prefixes by binary search. */
    private final String[] sortedKeys;
    private final int[] sortedKeyRows;
    /** Each title word and the rows whose titles have it (ascending, no duplicates). */
    private final TreeMap<String, int[]> wordRows;
    private final Instant loadedAt;

    private SearchIndex(SearchIndex index, float[] popularity) {
        this.movieIds = index.movieIds;
        this.titles = index.titles;
        this.years = index.years;
        this.genres = index.genres;
        this.vectors = index.vectors;
        this.embedded = index.embedded;
        this.embeddedCount = index.embeddedCount;
        this.sortedKeys = index.sortedKeys;
        this.sortedKeyRows = index.sortedKeyRows;
        this.wordRows = index.wordRows;
        this.loadedAt = index.loadedAt;
        this.popularity = popularity;
    }

    SearchIndex(List<Movie> movies, Instant loadedAt) {
        int n = movies.size();
        this.loadedAt = loadedAt;
        movieIds = new int[n];
        titles = new String[n];
        years = new Integer[n];
        genres = new ArrayList<>(n);
        vectors = new float[n * DIMENSIONS];
        embedded = new boolean[n];
        popularity = new float[n];
        int withVector = 0;
        List<String> keys = new ArrayList<>();
        List<Integer> keyRows = new ArrayList<>();
        Map<String, List<Integer>> words = new HashMap<>();
        for (int row = 0; row < n; row++) {
            Movie movie = movies.get(row);
            movieIds[row] = movie.movieId();
            titles[row] = movie.title();
            years[row] = movie.year();
            genres.add(List.copyOf(movie.genres()));
            if (movie.vector() != null && movie.vector().length == DIMENSIONS) {
                System.arraycopy(movie.vector(), 0, vectors, row * DIMENSIONS, DIMENSIONS);
                embedded[row] = true;
                withVector++;
            }
            for (String key : TitleWords.keys(movie.title())) {
                keys.add(key);
                keyRows.add(row);
                for (String word : TitleWords.words(key)) {
                    List<Integer> rows = words.computeIfAbsent(word, w -> new ArrayList<>());
                    if (rows.isEmpty() || rows.get(rows.size() - 1) != row) {
                        rows.add(row);
                    }
                }
            }
        }
        embeddedCount = withVector;
        Integer[] order = new Integer[keys.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> keys.get(a).compareTo(keys.get(b)));
        sortedKeys = new String[order.length];
        sortedKeyRows = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            sortedKeys[i] = keys.get(order[i]);
            sortedKeyRows[i] = keyRows.get(order[i]);
        }
        wordRows = new TreeMap<>();
        words.forEach((word, rows) -> wordRows.put(word, rows.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** The same movies and vectors with fresh popularity figures (read every refresh, rows unchanged). */
    SearchIndex withPopularity(float[] percentiles) {
        return new SearchIndex(this, percentiles);
    }

    int size() {
        return movieIds.length;
    }

    int embeddedCount() {
        return embeddedCount;
    }

    Instant loadedAt() {
        return loadedAt;
    }

    int movieId(int row) {
        return movieIds[row];
    }

    String title(int row) {
        return titles[row];
    }

    Integer year(int row) {
        return years[row];
    }

    List<String> genres(int row) {
        return genres.get(row);
    }

    boolean embedded(int row) {
        return embedded[row];
    }

    float popularity(int row) {
        return popularity[row];
    }

    /** Rows whose title key is {@code key} exactly ({@code exact}) or starts with it (otherwise). */
    void titlesStartingWith(String key, IntConsumer exact, IntConsumer prefix) {
        int from = lowerBound(key);
        for (int i = from; i < sortedKeys.length && sortedKeys[i].startsWith(key); i++) {
            (sortedKeys[i].length() == key.length() ? exact : prefix).accept(sortedKeyRows[i]);
        }
    }

    /**
     * Rows whose titles have every word of {@code words}; the last word may be the start of a title
     * word (a query typed as far as "toy sto").
     */
    int[] titlesWithWords(String[] words) {
        int[] rows = null;
        for (int w = 0; w < words.length; w++) {
            int[] having = w == words.length - 1 ? rowsWithWordStarting(words[w]) : wordRows.getOrDefault(words[w], new int[0]);
            rows = rows == null ? having : intersection(rows, having);
            if (rows.length == 0) {
                break;
            }
        }
        return rows == null ? new int[0] : rows;
    }

    /** Cosine of every row's vector with {@code query} (a unit vector) into {@code out}; rows without one get -Infinity. */
    void cosines(float[] query, float[] out) {
        for (int row = 0; row < movieIds.length; row++) {
            out[row] = embedded[row] ? dot(query, vectors, row * DIMENSIONS) : Float.NEGATIVE_INFINITY;
        }
    }

    float cosine(float[] query, int row) {
        return embedded[row] ? dot(query, vectors, row * DIMENSIONS) : Float.NEGATIVE_INFINITY;
    }

    /** Four running sums: the JIT keeps them in registers and overlaps the multiplications. */
    private static float dot(float[] query, float[] vectors, int offset) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        for (int i = 0; i < DIMENSIONS; i += 4) {
            s0 += query[i] * vectors[offset + i];
            s1 += query[i + 1] * vectors[offset + i + 1];
            s2 += query[i + 2] * vectors[offset + i + 2];
            s3 += query[i + 3] * vectors[offset + i + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private int[] rowsWithWordStarting(String start) {
        int[] exact = wordRows.get(start);
        Map<String, int[]> longer = wordRows.subMap(start, false, start + Character.MAX_VALUE, false);
        if (longer.isEmpty()) {
            return exact == null ? new int[0] : exact;
        }
        BitSet rows = new BitSet(movieIds.length);
        if (exact != null) {
            Arrays.stream(exact).forEach(rows::set);
        }
        longer.values().forEach(having -> Arrays.stream(having).forEach(rows::set));
        return rows.stream().toArray();
    }

    private int lowerBound(String key) {
        int low = 0;
        int high = sortedKeys.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sortedKeys[mid].compareTo(key) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static int[] intersection(int[] a, int[] b) {
        int[] both = new int[Math.min(a.length, b.length)];
        int n = 0;
        for (int i = 0, j = 0; i < a.length && j < b.length; ) {
            if (a[i] == b[j]) {
                both[n++] = a[i];
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return Arrays.copyOf(both, n);
    }
}
