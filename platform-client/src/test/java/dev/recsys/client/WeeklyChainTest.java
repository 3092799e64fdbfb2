package dev.recsys.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chain's order and its stop-on-failure rule, against a stand-in for the three services' job
 * APIs (the real services run it in the end-to-end and container tests).
 */
class WeeklyChainTest {

    private HttpServer server;
    private String baseUrl;
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** Job statuses by path prefix: what GET /api/v1/<jobs>/1 answers. */
    private volatile String ingestionEnd = "{\"id\":1,\"status\":\"SUCCEEDED\",\"counts\":{\"ratings\":{\"inserted\":3}}}";
    private volatile String trainingEnd = "{\"id\":1,\"status\":\"SUCCEEDED\",\"modelVersion\":7,\"activated\":true}";
    /** The recommendation service reports the old version twice before the new one. */
    private final AtomicInteger readinessCalls = new AtomicInteger();
    /** How many times the batch run's status answers 503 (its database unavailable a moment) before it answers. */
    private final AtomicInteger batchUnavailable = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (!path.equals("/q/health/ready")) {
            calls.add(exchange.getRequestMethod() + " " + path + (body.isEmpty() ? "" : " " + body)
                    + ("Bearer admin".equals(auth) ? "" : " (no token)"));
        }
        String answer;
        int status = 200;
        if (path.equals("/q/health/ready")) {
            int n = readinessCalls.incrementAndGet();
            answer = "{\"status\":\"UP\",\"checks\":[{\"name\":\"model\",\"status\":\"UP\",\"data\":{\"version\":"
                    + (n <= 4 ? 6 : 7) + "}}]}";
        } else if (exchange.getRequestMethod().equals("POST")) {
            status = 202;
            answer = "{\"id\":1,\"status\":\"QUEUED\"}";
        } else if (path.startsWith("/api/v1/ingestions/")) {
            answer = ingestionEnd;
        } else if (path.startsWith("/api/v1/training-runs/")) {
            answer = trainingEnd;
        } else if (batchUnavailable.getAndDecrement() > 0) {
            status = 503;
            answer = "{\"status\":503,\"detail\":\"the database is unavailable; retry in a few seconds\"}";
        } else {
            answer = "{\"id\":1,\"status\":\"SUCCEEDED\",\"users\":610,\"modelVersion\":7}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private WeeklyChain chain(String sources, List<String> log) {
        WeeklyChain.Settings settings = new WeeklyChain.Settings(baseUrl, baseUrl, baseUrl, "admin",
                WeeklyChain.Settings.parseSources(sources), "if-better", 50, Duration.ofSeconds(10), Duration.ofMillis(20));
        return new WeeklyChain(settings, log::add);
    }

    @Test
    void ingestsEachSourceThenTrainsThenWaitsForTheNewVersionBeforeTheBatch() {
        List<String> log = new ArrayList<>();
        chain("movielens=/data/ml imdb=/data/imdb", log).run();

        List<String> posts = calls.stream().filter(c -> c.startsWith("POST")).toList();
        assertEquals(List.of(
                "POST /api/v1/ingestions {\"source\":\"movielens\",\"location\":\"/data/ml\"}",
                "POST /api/v1/ingestions {\"source\":\"imdb\",\"location\":\"/data/imdb\"}",
                "POST /api/v1/training-runs {\"activate\":\"if-better\"}",
                "POST /api/v1/batch-runs {\"limit\":50}"), posts);
        // The batch started only once the recommendation service reported version 7.
        assertTrue(readinessCalls.get() >= 5, "readiness polled " + readinessCalls.get() + " times");
        assertTrue(log.contains("model version 7 is active"), log.toString());
        assertEquals("weekly chain done", log.get(log.size() - 1));
    }

    @Test
    void aJobStatusAnswering503AMomentIsAskedAgain() {
        batchUnavailable.set(2);
        List<String> log = new ArrayList<>();
        chain("", log).run();

        assertEquals(2, log.stream().filter(l -> l.equals("GET " + baseUrl + "/api/v1/batch-runs/1 answered HTTP 503; "
                + "asking again: {\"status\":503,\"detail\":\"the database is unavailable; retry in a few seconds\"}")).count(),
                log.toString());
        assertEquals("weekly chain done", log.get(log.size() - 1));
    }

    @Test
    void aFailedIngestionStopsTheChainWithTheJobsError() {
        ingestionEnd = "{\"id\":1,\"status\":\"FAILED\",\"error\":\"ratings.csv line 3: rating 7 is outside 0.5-5\"}";
        PlatformClient.StepFailed failure = assertThrows(PlatformClient.StepFailed.class,
                () -> chain("movielens=/data/ml", new ArrayList<>()).run());

        assertEquals(baseUrl + "/api/v1/ingestions/1 ended FAILED: ratings.csv line 3: rating 7 is outside 0.5-5",
                failure.getMessage());
        assertTrue(calls.stream().noneMatch(c -> c.contains("training-runs") || c.contains("batch-runs")), calls.toString());
    }

    @Test
    void aFailedTrainingRunsNoBatch() {
        trainingEnd = "{\"id\":1,\"status\":\"FAILED\",\"error\":\"there are no ratings to train on\"}";
        PlatformClient.StepFailed failure = assertThrows(PlatformClient.StepFailed.class,
                () -> chain("", new ArrayList<>()).run());

        assertTrue(failure.getMessage().endsWith("ended FAILED: there are no ratings to train on"), failure.getMessage());
        assertTrue(calls.stream().noneMatch(c -> c.contains("batch-runs")), calls.toString());
        assertTrue(calls.stream().noneMatch(c -> c.contains("ingestions")), "no sources, no ingestion: " + calls);
    }

    @Test
    void aRefusedVersionStillRunsTheBatchOnTheActiveModel() {
        trainingEnd = "{\"id\":1,\"status\":\"SUCCEEDED\",\"modelVersion\":8,\"activated\":false}";
        List<String> log = new ArrayList<>();
        chain("", log).run();

        assertTrue(calls.contains("POST /api/v1/batch-runs {\"limit\":50}"), calls.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("model version 8 did not beat the active version")), log.toString());
    }

    @Test
    void anUnreachableServiceFailsWithTheUrlAfterTheReadyTimeout() {
        WeeklyChain.Settings settings = new WeeklyChain.Settings("http://127.0.0.1:9", "http://127.0.0.1:9", baseUrl,
                "admin", List.of(), "if-better", 100, Duration.ofMillis(300), Duration.ofMillis(50));
        PlatformClient.StepFailed failure = assertThrows(PlatformClient.StepFailed.class,
                () -> new WeeklyChain(settings, line -> { }).run());

        assertTrue(failure.getMessage().startsWith("http://127.0.0.1:9/q/health/ready is not ready after 0 s; last answer: "),
                failure.getMessage());
    }

    @Test
    void settingsNameTheVariableThatIsWrong() {
        assertEquals("RECSYS_ADMIN_TOKEN must be set: the chain's jobs need the admin token",
                assertThrows(IllegalArgumentException.class,
                        () -> WeeklyChain.Settings.fromEnvironment(Map.of())).getMessage());
        assertEquals("WEEKLY_SOURCES: 'ml-25m.zip' is not source=location with source movielens or imdb",
                assertThrows(IllegalArgumentException.class, () -> WeeklyChain.Settings.fromEnvironment(
                        Map.of("RECSYS_ADMIN_TOKEN", "t", "WEEKLY_SOURCES", "ml-25m.zip"))).getMessage());
        assertEquals("WEEKLY_ACTIVATE must be if-better or always, not 'never'",
                assertThrows(IllegalArgumentException.class, () -> WeeklyChain.Settings.fromEnvironment(
                        Map.of("RECSYS_ADMIN_TOKEN", "t", "WEEKLY_ACTIVATE", "never"))).getMessage());
        assertEquals("BATCH_LIMIT must be a whole number, not 'ten'",
                assertThrows(IllegalArgumentException.class, () -> WeeklyChain.Settings.fromEnvironment(
                        Map.of("RECSYS_ADMIN_TOKEN", "t", "BATCH_LIMIT", "ten"))).getMessage());

        WeeklyChain.Settings defaults = WeeklyChain.Settings.fromEnvironment(Map.of("RECSYS_ADMIN_TOKEN", "t",
                "WEEKLY_SOURCES", " movielens=https://example.org/ml.zip  imdb=/data/imdb "));
        assertEquals(List.of(new WeeklyChain.Source("movielens", "https://example.org/ml.zip"),
                new WeeklyChain.Source("imdb", "/data/imdb")), defaults.sources());
        assertEquals("if-better", defaults.activate());
        assertEquals(100, defaults.batchLimit());
        assertEquals("http://localhost:8080", defaults.recommendationUrl());
    }
}
