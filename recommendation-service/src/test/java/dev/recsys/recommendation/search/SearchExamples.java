package dev.recsys.recommendation.search;

import dev.recsys.text.MovieText;
import dev.recsys.text.TextEmbedder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The README's search examples, reproducible without a stack: a MovieLens CSV release's movies and
 * tags made into {@link MovieText}s as ingestion makes them (tags most-given first), embedded, and
 * searched with the service's ranking, popularity from the release's rating counts.
 *
 * <pre>
 * SearchExamples RELEASE_DIR [QUERY...]       (default queries: toy story, pixar, mafia family, space)
 * </pre>
 */
public final class SearchExamples {

    private SearchExamples() {
    }

    public static void main(String[] args) throws IOException {
        Path release = Path.of(args[0]);
        List<String> queries = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("toy story", "pixar", "mafia family", "space");
        Map<Integer, String[]> movies = new LinkedHashMap<>();
        for (List<String> row : csv(release.resolve("movies.csv"))) {
            movies.put(Integer.parseInt(row.get(0)), new String[] {row.get(1), row.get(2)});
        }
        Map<Integer, Map<String, Integer>> tagCounts = new HashMap<>();
        for (List<String> row : csv(release.resolve("tags.csv"))) {
            tagCounts.computeIfAbsent(Integer.parseInt(row.get(1)), id -> new LinkedHashMap<>())
                    .merge(row.get(2).strip().toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        Map<Integer, Integer> ratings = new HashMap<>();
        for (List<String> row : csv(release.resolve("ratings.csv"))) {
            ratings.merge(Integer.parseInt(row.get(1)), 1, Integer::sum);
        }
        List<Integer> ids = new ArrayList<>(movies.keySet());
        List<String> texts = new ArrayList<>();
        for (int id : ids) {
            List<String> tags = tagCounts.getOrDefault(id, Map.of()).entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
            texts.add(new MovieText(titleWithoutYear(movies.get(id)[0]), tags, List.of(), null).text());
        }
        long started = System.nanoTime();
        List<float[]> vectors;
        try (TextEmbedder batch = TextEmbedder.usingAllCores()) {
            vectors = batch.embedAll(texts);
        }
        System.out.printf("%d movies embedded in %.1f s%n", ids.size(), (System.nanoTime() - started) / 1e9);
        List<SearchIndex.Movie> rows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String[] movie = movies.get(ids.get(i));
            rows.add(new SearchIndex.Movie(ids.get(i), titleWithoutYear(movie[0]), year(movie[0]),
                    Arrays.asList(movie[1].split("\\|")), vectors.get(i)));
        }
        // Popularity as the service computes it: the percentile of each movie's rating count.
        List<Integer> byCount = new ArrayList<>(ratings.keySet());
        byCount.sort(Comparator.comparing((Integer id) -> ratings.get(id)).reversed().thenComparing(id -> id));
        Map<Integer, Float> percentile = new HashMap<>();
        for (int rank = 0; rank < byCount.size(); rank++) {
            percentile.put(byCount.get(rank), 1 - (float) rank / (byCount.size() - 1));
        }
        SearchIndex plain = new SearchIndex(rows, Instant.now());
        float[] popularity = new float[plain.size()];
        for (int row = 0; row < popularity.length; row++) {
            popularity[row] = percentile.getOrDefault(plain.movieId(row), 0f);
        }
        SearchIndex index = plain.withPopularity(popularity);
        try (TextEmbedder embedder = new TextEmbedder(1)) {
            for (String query : queries) {
                System.out.println("\nGET /api/v1/movies/search?q=" + query.replace(' ', '+') + "&limit=5");
                for (SearchResults.Hit hit : MovieSearch.search(index, embedder, query, 5).items()) {
                    System.out.printf("  %d. %s (%s) [%s] score %s, matched %s%n", hit.rank(), hit.title(), hit.year(),
                            String.join("|", hit.genres()), hit.score(), hit.matched());
                }
            }
            DescribedMovie sequel = new DescribedMovie("Toy Story 5",
                    "The toys go on a road trip to find their lost friend.", List.of("Animation", "Children"), null, null, 5);
            System.out.println("\nPOST /api/v1/movies/similar " + sequel);
            for (DescriptionMatches.Match match : SimilarToDescription.matches(index, embedder, sequel, Map.of(), 5)) {
                System.out.printf("  %d. %s (%s) score %s, textSimilarity %s, sharedGenres %s%n", match.rank(), match.title(),
                        match.year(), match.score(), match.textSimilarity(), match.sharedGenres());
            }
        }
    }

    /** "Toy Story (1995)" without its year, as the catalog stores it; the text is made from it too. */
    private static String titleWithoutYear(String title) {
        return title.strip().replaceFirst("\\s*\\(\\d{4}(-\\d{4})?\\)$", "");
    }

    private static Integer year(String title) {
        var year = Pattern.compile("\\((\\d{4})(-\\d{4})?\\)\\s*$").matcher(title);
        return year.find() ? Integer.valueOf(year.group(1)) : null;
    }

    /** RFC 4180 rows after the header: quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> csv(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (!field.isEmpty() || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows.subList(1, rows.size());
    }
}
