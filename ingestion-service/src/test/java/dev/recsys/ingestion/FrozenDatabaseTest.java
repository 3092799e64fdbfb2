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
    void aRatingPostedWhileTheDatabaseHangsIsAnswered503InsteadOfHeld() {
        Response before = post();
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
        Response after = post();
        assertEquals(200, after.statusCode(), "answered again once the database is back: " + after.asString());
        assertEquals(before.jsonPath().getInt("accepted"), after.jsonPath().getInt("accepted"));
    }
}
