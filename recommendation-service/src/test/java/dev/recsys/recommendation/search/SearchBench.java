package dev.recsys.recommendation.search;

import dev.recsys.text.TextEmbedder;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Search latency at a constant request rate (bench/search.sh). In-process (default): the service's own
 * ranking ({@link MovieSearch#search(SearchIndex, TextEmbedder, String, int)}: title matching, the real
 * query embedding, the full cosine scan) over a synthetic catalog of random unit vectors. Against a
 * running service ({@code --url}): {@code GET /api/v1/movies/search} over HTTP. Latency counts from when
 * a request was due, so a queue cannot hide (no coordinated omission).
 *
 * <pre>
 * SearchBench [MOVIES] [REQUESTS_PER_SECOND] [SECONDS]              in-process (default 62000 50 60)
 * SearchBench --url BASE_URL [REQUESTS_PER_SECOND] [SECONDS]        against a service
 * </pre>
 */
public final class SearchBench {

    /** Titles and descriptions, as users type them; cycled through. */
    static final List<String> QUERIES = List.of("toy story", "pixar", "mafia family", "space", "the matrix",
            "a heist in space", "star wars", "lord of the rings", "romantic comedy in paris", "zombies in a shopping mall",
            "a boy who befriends an alien", "time travel paradox", "silent harbor", "golden city", "serial killer detective",
            "dinosaurs theme park", "world war two soldiers rescue mission", "high school musical", "shark attack beach town",
            "robots fall in love", "a lawyer defends an innocent man", "haunted house", "kung fu master", "winter ghost",
            "animated talking animals", "car chase", "cold war spy thriller", "stranger", "fantasy quest with a dragon",
            "documentary about music");
    private static final String[] WORDS = {"Silent", "Harbor", "Night", "Empire", "Garden", "Shadow", "River", "Stars",
        "Winter", "Promise", "Echo", "Last", "Golden", "City", "Storm", "Secret", "Journey", "Broken", "Crimson", "Island",
        "Dream", "Letter", "Machine", "Summer", "Ghost", "Kingdom", "Stranger", "Fire", "Paper", "Moon", "Story", "Toy"};
    private static final String[] GENRES = {"Action", "Comedy", "Drama", "Horror", "Sci-Fi", "Romance", "Thriller"};

    private SearchBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--url")) {
            String base = args[1];
            int rate = args.length > 2 ? Integer.parseInt(args[2]) : 50;
            int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            System.out.printf("against %s: %d req/s for %d s%n", base, rate, seconds);
            run(rate, seconds, query -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/movies/search?limit=10&q="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + response.statusCode());
                }
            });
            return;
        }
        int movies = args.length > 0 ? Integer.parseInt(args[0]) : 62_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        long started = System.nanoTime();
        SearchIndex index = syntheticIndex(movies, new SplittableRandom(42));
        System.out.printf("in-process: %d movies x %d dimensions (%.0f MB of vectors), built in %.1f s; %d req/s for %d s%n",
                movies, SearchIndex.DIMENSIONS, movies * SearchIndex.DIMENSIONS * 4 / 1e6, (System.nanoTime() - started) / 1e9,
                rate, seconds);
        try (TextEmbedder embedder = new TextEmbedder(1)) {
            for (int i = 0; i < 200; i++) {   // warm-up: JIT and the model's first calls
                MovieSearch.search(index, embedder, QUERIES.get(i % QUERIES.size()), 10);
            }
            long[] embed = new long[QUERIES.size()];
            long[] whole = new long[QUERIES.size()];
            for (int i = 0; i < QUERIES.size(); i++) {
                long t0 = System.nanoTime();
                embedder.embed(QUERIES.get(i));
                long t1 = System.nanoTime();
                MovieSearch.search(index, embedder, QUERIES.get(i), 10);
                embed[i] = t1 - t0;
                whole[i] = System.nanoTime() - t1;
            }
            Arrays.sort(embed);
            Arrays.sort(whole);
            System.out.printf("one at a time: query embedding median %.2f ms; whole search median %.2f ms, max %.2f ms%n",
                    embed[embed.length / 2] / 1e6, whole[whole.length / 2] / 1e6, whole[whole.length - 1] / 1e6);
            run(rate, seconds, query -> MovieSearch.search(index, embedder, query, 10));
        }
    }

    interface Request {
        void send(String query) throws Exception;
    }

    private static void run(int rate, int seconds, Request request) throws InterruptedException {
        int total = rate * seconds;
        long[] latencyMicros = new long[total];
        AtomicInteger errors = new AtomicInteger();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 100_000_000L;
        ExecutorService workers = Executors.newFixedThreadPool(16);
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int n = i;
            workers.execute(() -> {
                try {
                    request.send(QUERIES.get(n % QUERIES.size()));
                } catch (Exception e) {
                    if (errors.incrementAndGet() <= 3) {
                        System.out.println("error: " + e.getMessage());
                    }
                }
                latencyMicros[n] = (System.nanoTime() - due) / 1_000;
            });
        }
        workers.shutdown();
        workers.awaitTermination(1, TimeUnit.MINUTES);
        long[] sorted = latencyMicros.clone();
        Arrays.sort(sorted);
        System.out.printf("%d searches at %d req/s, %d errors: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                total, rate, errors.get(), pct(sorted, 0.5), pct(sorted, 0.9), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e3);
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e3;
    }

    /** Random unit vectors and two- or three-word titles (so that title matching has work to do). */
    static SearchIndex syntheticIndex(int movies, SplittableRandom random) {
        List<SearchIndex.Movie> rows = new ArrayList<>(movies);
        float[] popularity = new float[movies];
        for (int m = 0; m < movies; m++) {
            float[] vector = new float[SearchIndex.DIMENSIONS];
            double norm = 0;
            for (int d = 0; d < vector.length; d++) {
                vector[d] = (float) random.nextGaussian();
                norm += vector[d] * vector[d];
            }
            for (int d = 0; d < vector.length; d++) {
                vector[d] /= (float) Math.sqrt(norm);
            }
            String title = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)]
                    + (m % 3 == 0 ? " " + (m % 7 + 2) : "");
            rows.add(new SearchIndex.Movie(m + 1, title, 1950 + m % 70, List.of(GENRES[m % GENRES.length]), vector));
            popularity[m] = random.nextFloat();
        }
        return new SearchIndex(rows, Instant.now()).withPopularity(popularity);
    }
}
