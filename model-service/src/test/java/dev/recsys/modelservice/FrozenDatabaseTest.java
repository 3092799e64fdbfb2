package dev.recsys.modelservice;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.testing.StoppablePostgres;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL frozen (SIGSTOP) under a serving model-service: predictions keep answering 200 from the
 * loaded model. A user who rated after training is folded in from the catalog; while the database
 * does not answer, one request waits for it a quarter of a second and the ones after it in the next
 * second do not wait at all (the user is answered as a cold start meanwhile); once the database is
 * back the user is folded in again.
 */
@QuarkusTest
@QuarkusTestResource(value = FrozenDatabaseTest.OwnDatabase.class, restrictToAnnotatedClass = true)
class FrozenDatabaseTest {

    /** The registry fixture on a PostgreSQL server this test may freeze. */
    public static class OwnDatabase implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            StoppablePostgres postgres = StoppablePostgres.get();
            RegistryFixture.fill(postgres.jdbcUrl());
            return Map.of("quarkus.datasource.jdbc.url", postgres.jdbcUrl(), "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres");
        }

        @Override
        public void stop() {
            StoppablePostgres.get().stop();
        }
    }

    private static final int NEW_USER = 777_777;
    private static final List<Integer> MOVIES = List.of(20, 21, 22);

    private static Response predict(int userId) {
        return given().contentType(ContentType.JSON).body(Map.of("userId", userId, "movieIds", MOVIES))
                .when().post("/api/v1/predictions").then().extract().response();
    }

    @Test
    void predictionsAnswerAtOnceWhileTheDatabaseHangs() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (predict(1).statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        try (Connection c = DriverManager.getConnection(StoppablePostgres.get().jdbcUrl());
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO catalog.ratings (user_id, movie_id, rating, rated_at) VALUES (?, ?, ?, now())")) {
            for (int movie = 1; movie <= 8; movie++) {
                ps.setInt(1, NEW_USER);
                ps.setInt(2, movie);
                ps.setFloat(3, movie % 2 == 0 ? 5 : 1);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        assertTrue(predict(NEW_USER).jsonPath().getBoolean("folded"), "folded in while the database answers");
        JsonPath known = predict(1).jsonPath();

        List<Long> millis = Collections.synchronizedList(new ArrayList<>());
        StoppablePostgres.get().freeze();
        try {
            long frozenAt = System.nanoTime();
            while (System.nanoTime() - frozenAt < 3_000_000_000L) {
                long started = System.nanoTime();
                Response folded = predict(NEW_USER);
                Response trained = predict(1);
                millis.add((System.nanoTime() - started) / 1_000_000);
                assertEquals(200, folded.statusCode(), folded.asString());
                assertEquals(200, trained.statusCode(), trained.asString());
                assertEquals(known.getList("predictions.rating"), trained.jsonPath().getList("predictions.rating"),
                        "a user the model was trained on needs no database");
            }
        } finally {
            StoppablePostgres.get().thaw();
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        long slowest = sorted.get(sorted.size() - 1);
        long median = sorted.get(sorted.size() / 2);
        long slow = sorted.stream().filter(m -> m >= 200).count();
        System.out.printf("frozen database: %d request pairs, median %d ms, slowest %d ms, %d of 200 ms or more%n",
                sorted.size(), median, slowest, slow);
        assertTrue(slowest < 1_500, "no request waits out the database: slowest " + slowest + " ms");
        // A request that waited for the database would take its 250 ms read timeout at least.
        assertTrue(median < 150, "most requests do not wait at all: median " + median + " ms");
        assertTrue(slow <= 4, "at most one request a second waits for the database: " + slow + " did");

        deadline = System.currentTimeMillis() + 20_000;
        boolean foldedAgain = false;
        while (!foldedAgain && System.currentTimeMillis() < deadline) {
            foldedAgain = Boolean.TRUE.equals(predict(NEW_USER).jsonPath().get("folded"));
            Thread.sleep(100);
        }
        assertTrue(foldedAgain, "folded in again once the database answers");
        assertFalse(predict(NEW_USER).jsonPath().getBoolean("coldStartUser"));
    }
}
