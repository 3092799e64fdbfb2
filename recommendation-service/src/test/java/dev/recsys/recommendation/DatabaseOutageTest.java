package dev.recsys.recommendation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.client.JobPolling;
import dev.recsys.testing.StoppablePostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped and started again under a running recommendation-service: cached lists keep
 * being served (marked degraded) at normal speed, what needs the database answers 503 with
 * Retry-After (never 500), and everything is fresh again once the database is back.
 */
@QuarkusTest
@QuarkusTestResource(value = DatabaseOutageTest.OwnDatabase.class, restrictToAnnotatedClass = true)
class DatabaseOutageTest {

    /** The fixture on a PostgreSQL server this test may stop. */
    public static class OwnDatabase implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            StoppablePostgres postgres = StoppablePostgres.get();
            RecsFixture.fill(postgres.jdbcUrl());
            return Map.of("quarkus.datasource.jdbc.url", postgres.jdbcUrl(), "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres", "recsys.recommendations.reconnect-millis", "200");
        }

        @Override
        public void stop() {
            StoppablePostgres.get().stop();
        }
    }

    private static Response get(String path) {
        return given().when().get(path).then().extract().response();
    }

    private static void runBatch() throws InterruptedException {
        long id = given().header("Authorization", RecsTestSupport.ADMIN).contentType(ContentType.JSON)
                .body(Map.of()).when().post("/api/v1/batch-runs").then().statusCode(202).extract().jsonPath().getLong("id");
        JsonPath run = JobPolling.awaitFinished("batch run " + id, Duration.ofMinutes(1), Duration.ofMillis(100),
                () -> get("/api/v1/batch-runs/" + id).jsonPath(), job -> job.getString("status"));
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
    }

    /** Waits until user 5's list is answered without the degraded flag (the database is back, or was never gone). */
    private static JsonPath awaitFresh() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        JsonPath list = get("/api/v1/users/5/recommendations?limit=10").jsonPath();
        while (list.get("degraded") != null && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            list = get("/api/v1/users/5/recommendations?limit=10").jsonPath();
        }
        assertNull(list.get("degraded"), "fresh once the database answers");
        return list;
    }

    /**
     * A database that hangs instead of refusing (every PostgreSQL process stopped with SIGSTOP): each
     * request, those already waiting on it included, is answered degraded from the cache within a
     * second, not when the database comes back. The test profile re-reads the serving run and the
     * running experiment on every request, so every request starts with a database read.
     */
    @Test
    void aFrozenDatabaseDoesNotHoldRequests() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (get("/q/health/ready").statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        awaitFresh();
        runBatch();
        List<Integer> users = List.of(5, 6, 8, 9);
        Map<Integer, List<Integer>> listed = new java.util.HashMap<>();
        for (int user : users) {
            JsonPath list = get("/api/v1/users/" + user + "/recommendations?limit=10").jsonPath();
            assertEquals("batch", list.getString("source"));
            listed.put(user, list.getList("items.movieId", Integer.class));
        }

        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(users.size());
        List<Long> millis = Collections.synchronizedList(new ArrayList<>());
        StoppablePostgres.get().freeze();
        try {
            long frozenAt = System.nanoTime();
            // Requests at once from several clients (they meet the database mid-read), then one after another for 3 s.
            List<java.util.concurrent.Future<?>> first = new ArrayList<>();
            for (int user : users) {
                first.add(clients.submit(() -> assertCachedAndDegraded(user, listed.get(user), millis)));
            }
            for (java.util.concurrent.Future<?> f : first) {
                try {
                    f.get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("a request was held by the frozen database: " + requestThreads(), e);
                }
            }
            int k = 0;
            while (System.nanoTime() - frozenAt < 3_000_000_000L) {
                int user = users.get(k++ % users.size());
                assertCachedAndDegraded(user, listed.get(user), millis);
            }
            List<Long> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            System.out.printf("Frozen database: %d requests, median %d ms, slowest %d ms, first four %s%n", sorted.size(),
                    sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), millis.subList(0, users.size()));
            assertTrue(sorted.get(sorted.size() - 1) < 1_000, "slowest request while frozen: " + sorted);
            // Below the 250 ms a read waits for the database: most requests did not wait at all.
            assertTrue(sorted.get(sorted.size() / 2) < 250, "median request while frozen: " + sorted);
            assertTrue(sorted.size() >= users.size() + 4, "requests kept being answered: " + sorted);
        } finally {
            StoppablePostgres.get().thaw();
            clients.shutdownNow();
        }
        assertEquals(listed.get(5), awaitFresh().getList("items.movieId", Integer.class));
        assertEquals(200, get("/api/v1/batch-runs/1").statusCode());
    }

    /** What the service's request threads are doing: the message of a failure. */
    private static String requestThreads() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("executor-thread") || thread.getName().equals("rating-changes")) {
                dump.append('\n').append(thread.getName()).append(' ').append(thread.getState());
                for (StackTraceElement frame : stack) {
                    dump.append("\n    at ").append(frame);
                }
            }
        });
        return dump.toString();
    }

    private static void assertCachedAndDegraded(int user, List<Integer> listed, List<Long> millis) {
        long started = System.nanoTime();
        Response during = get("/api/v1/users/" + user + "/recommendations?limit=10");
        millis.add((System.nanoTime() - started) / 1_000_000);
        assertEquals(200, during.statusCode(), during.asString());
        assertEquals("batch", during.jsonPath().getString("source"));
        assertEquals(true, during.jsonPath().getBoolean("degraded"), during.asString());
        assertEquals(listed, during.jsonPath().getList("items.movieId", Integer.class));
    }

    @Test
    void cachedListsAreServedThroughAnOutageAndFreshOnesAfterIt() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (get("/q/health/ready").statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        runBatch();
        JsonPath before = get("/api/v1/users/5/recommendations?limit=10").jsonPath();
        assertEquals("batch", before.getString("source"));
        assertNull(before.get("degraded"), "no degraded flag while the database is up");
        List<Integer> listed = before.getList("items.movieId", Integer.class);
        assertEquals(200, get("/api/v1/users/999999/recommendations").statusCode(), "popular movies read once");

        StoppablePostgres.get().stop();
        try {
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long started = System.nanoTime();
                Response during = get("/api/v1/users/5/recommendations?limit=10");
                millis.add((System.nanoTime() - started) / 1_000_000);
                assertEquals(200, during.statusCode(), during.asString());
                assertEquals("batch", during.jsonPath().getString("source"));
                assertEquals(true, during.jsonPath().getBoolean("degraded"));
                assertEquals(listed, during.jsonPath().getList("items.movieId", Integer.class));
                assertEquals(listed.size(), during.jsonPath().getList("items.title").stream().filter(t -> t != null).count(),
                        "titles from the cache");
            }
            Collections.sort(millis);
            assertTrue(millis.get(10) < 100, "median latency during the outage: " + millis);
            assertTrue(millis.get(19) < 1_000, "slowest request during the outage: " + millis);

            Response live = get("/api/v1/users/7/recommendations?limit=5");
            assertEquals(200, live.statusCode(), "a user without a cached list is scored live: " + live.asString());
            assertEquals("live", live.jsonPath().getString("source"));
            assertEquals(true, live.jsonPath().getBoolean("degraded"));
            assertEquals(5, live.jsonPath().getList("items").size());

            Response popular = get("/api/v1/users/999999/recommendations");
            assertEquals(200, popular.statusCode(), popular.asString());
            assertEquals("popular", popular.jsonPath().getString("source"));

            Response runs = get("/api/v1/batch-runs/1");
            assertEquals(503, runs.statusCode(), runs.asString());
            assertEquals("5", runs.header("Retry-After"));
            assertEquals("application/problem+json", runs.contentType());
            assertEquals("the database is unavailable; retry in a few seconds", runs.jsonPath().getString("detail"));
        } finally {
            StoppablePostgres.get().start();
        }

        deadline = System.currentTimeMillis() + 20_000;
        JsonPath after = get("/api/v1/users/5/recommendations?limit=10").jsonPath();
        while (after.get("degraded") != null && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            after = get("/api/v1/users/5/recommendations?limit=10").jsonPath();
        }
        assertNull(after.get("degraded"), "fresh again once the database is back");
        assertEquals(200, get("/api/v1/batch-runs/1").statusCode());

        // Rating notices flow again: a movie rated now leaves the cached list.
        int top = listed.get(0);
        try (Connection c = DriverManager.getConnection(StoppablePostgres.get().jdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO catalog.ratings (user_id, movie_id, rating, rated_at) VALUES (5, " + top + ", 2.0, now())");
        }
        deadline = System.currentTimeMillis() + 2_000;
        List<Integer> now = get("/api/v1/users/5/recommendations?limit=10").jsonPath().getList("items.movieId", Integer.class);
        while (now.contains(top) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            now = get("/api/v1/users/5/recommendations?limit=10").jsonPath().getList("items.movieId", Integer.class);
        }
        assertFalse(now.contains(top), "the movie rated after the outage is excluded");
    }
}
