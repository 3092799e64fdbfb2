package dev.recsys.ingestion;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.testing.StoppablePostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL frozen (SIGSTOP) while a client posts ratings: the request is answered 503 with
 * Retry-After once the database has sent nothing for the write timeout, instead of being held until
 * the database is back; sent again afterwards, the same request gets the same answer (storing is idempotent).
 */
@QuarkusTest
@QuarkusTestResource(value = FrozenDatabaseTest.OwnDatabase.class, restrictToAnnotatedClass = true)
class FrozenDatabaseTest {

    /** A PostgreSQL server this test may freeze; the service migrates the catalog into it at start. */
    public static class OwnDatabase implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("quarkus.datasource.jdbc.url", StoppablePostgres.get().jdbcUrl(),
                    "quarkus.datasource.username", "postgres", "quarkus.datasource.password", "postgres");
        }

        @Override
        public void stop() {
            StoppablePostgres.get().stop();
        }
    }

    private static Response post() {
        return given().header("Authorization", IngestionTestSupport.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("ratings", List.of(Map.of("userId", 9, "movieId", 1, "rating", 4.0))))
                .when().post("/api/v1/ratings").then().extract().response();
    }

    @Test
    void aRatingPostedWhileTheDatabaseHangsIsAnswered503InsteadOfHeld() throws InterruptedException {
        Response before = post();
        long answering = System.currentTimeMillis() + 15_000;   // past any pause the test before left
        while (before.statusCode() == 503 && System.currentTimeMillis() < answering) {
            Thread.sleep(200);
            before = post();
        }
        assertEquals(200, before.statusCode(), "answered while the database answers: " + before.asString());
        StoppablePostgres.get().freeze();
        Response frozen;
        long millis;
        try {
            long started = System.nanoTime();
            frozen = post();
            millis = (System.nanoTime() - started) / 1_000_000;
        } finally {
            StoppablePostgres.get().thaw();
        }
        assertEquals(503, frozen.statusCode(), frozen.asString());
        assertEquals("5", frozen.header("Retry-After"));
        assertEquals("application/problem+json", frozen.contentType());
        assertTrue(millis < 8_000, "answered after the 5 s write timeout, not when the database came back: " + millis + " ms");
        // The first failure pauses the service's requests for 2 s, then one asks the database again: retried as the
        // Retry-After says, the request is answered once the database is back.
        Response after = post();
        long deadline = System.currentTimeMillis() + 15_000;
        while (after.statusCode() == 503 && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            after = post();
        }
        assertEquals(200, after.statusCode(), "answered again once the database is back: " + after.asString());
        assertEquals(before.jsonPath().getInt("accepted"), after.jsonPath().getInt("accepted"));
    }

    @Test
    void readsAndReadinessGiveUpOnAHangingDatabaseWithinTheirBound() throws InterruptedException {
        List<String> reads = List.of("/api/v1/movies/424242", "/api/v1/users/424242/ratings", "/api/v1/ingestions?limit=5",
                "/q/health/ready");
        long answering = System.currentTimeMillis() + 15_000;   // past any pause the test before left
        while (get(reads.get(0)).statusCode() != 404 && System.currentTimeMillis() < answering) {
            Thread.sleep(200);
        }
        assertEquals(404, get(reads.get(0)).statusCode(), "the database answers: no such movie");
        assertEquals(200, get("/q/health/ready").statusCode());
        StoppablePostgres.get().freeze();
        try {
            for (String path : reads) {
                long started = System.nanoTime();
                Response frozen = get(path);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertEquals(503, frozen.statusCode(), path + ": " + frozen.asString());
                assertTrue(millis < 2_500, path + " answered within the 1 s read bound (+ the pool's), not when the "
                        + "database came back: " + millis + " ms");
                if (!path.startsWith("/q/")) {
                    assertEquals("application/problem+json", frozen.contentType(), path);
                    assertTrue(frozen.jsonPath().getString("detail").startsWith("the database is unavailable"), path
                            + ": " + frozen.asString());
                }
            }
        } finally {
            StoppablePostgres.get().thaw();
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (get(reads.get(0)).statusCode() != 404 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(404, get(reads.get(0)).statusCode(), "reads answer again once the database is back");
        assertEquals(200, get("/q/health/ready").statusCode());
    }

    private static Response get(String path) {
        return given().header("Authorization", IngestionTestSupport.ADMIN).when().get(path).then().extract().response();
    }
}
