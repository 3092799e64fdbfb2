package dev.recsys.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recsys.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /ratings} row by row, and the catalog reads. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RatingsAndCatalogApiTest extends IngestionTestSupport {

    @TempDir
    Path dir;

    @BeforeEach
    void smallCatalog() throws IOException {
        Files.writeString(dir.resolve("movies.csv"), """
                movieId,title,genres
                1,Toy Story (1995),Adventure|Animation|Children
                2,Jumanji (1995),Adventure|Children|Fantasy
                3,Heat (1995),Action|Crime|Thriller
                4,Toy Story 2 (1999),Adventure|Animation|Children
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("ratings.csv"), """
                userId,movieId,rating,timestamp
                7,1,4.0,964982703
                7,3,2.5,964982800
                """, StandardCharsets.UTF_8);
        assertEquals("SUCCEEDED", ingest("movielens", dir.toString()).getString("status"));
    }

    private static Map<String, Object> rating(Object userId, Object movieId, Object rating) {
        Map<String, Object> r = new HashMap<>();
        r.put("userId", userId);
        r.put("movieId", movieId);
        r.put("rating", rating);
        return r;
    }

    @Test
    void validRatingsAreStoredAndInvalidOnesReportedByIndex() {
        List<Map<String, Object>> ratings = List.of(
                rating(7, 2, 3.5),          // new rating of a known user
                rating(7, 1, 1.0),          // replaces 4.0
                rating(500, 4, 5.0),        // unknown user: created
                rating(8, 999, 4.0),        // unknown movie
                rating(8, 1, 7.0),          // out of range
                rating(8, 1, 3.3),          // not a half star
                rating(null, 1, 3.0),       // missing field
                rating(500, 4, 4.0));       // same user and movie again in this request
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("ratings", ratings))
                .when().post("/api/v1/ratings")
                .then().statusCode(200)
                .body("accepted", equalTo(3))
                .body("rejected.index", contains(3, 4, 5, 6, 7))
                .body("rejected.reason", contains("unknown movieId 999", "rating 7 is outside 0.5–5.0",
                        "rating 3.3 is not a multiple of 0.5", "userId is missing",
                        "duplicate of ratings[2] (same userId and movieId)"));

        given().when().get("/api/v1/users/7/ratings").then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.find { it.movieId == 1 }.rating", equalTo(1.0f))
                .body("items.find { it.movieId == 2 }.title", equalTo("Jumanji"));
        given().when().get("/api/v1/users/500/ratings").then().statusCode(200)
                .body("items.movieId", contains(4)).body("items[0].rating", equalTo(5.0f));
        given().when().get("/api/v1/catalog/stats").then().body("users", equalTo(2)).body("ratings", equalTo(4));
    }

    @Test
    void ratingRequestsThatAreWrongAsAWhole() {
        given().contentType(ContentType.JSON).body(Map.of("ratings", List.of(rating(1, 1, 4.0))))
                .when().post("/api/v1/ratings").then().statusCode(401);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("ratings", List.of()))
                .when().post("/api/v1/ratings").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("ratings")).body("errors[0].message", equalTo("must not be empty"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/ratings").then().statusCode(400).body("errors[0].field", equalTo("ratings"));
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i <= 10_000; i++) {
            tooMany.add(rating(1, 1, 4.0));
        }
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("ratings", tooMany))
                .when().post("/api/v1/ratings").then().statusCode(413)
                .body("detail", equalTo("at most 10000 ratings per request; this one has 10001"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"ratings\": [{\"userId\": 1, \"movieId\": 1, \"rating\": \"great\"}]}")
                .when().post("/api/v1/ratings").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("ratings[0].rating"))
                .body("detail", containsString("ratings[0].rating"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"ratings\": [")
                .when().post("/api/v1/ratings").then().statusCode(400).body("detail", containsString("malformed JSON"));
        assertEquals(2, stats().getInt("ratings"), "nothing was stored by refused requests");
    }

    @Test
    void aMovieWithoutAnImdbRatingShowsTheActiveVersionsPrediction() throws SQLException {
        given().when().get("/api/v1/movies/4").then().statusCode(200).body("$", not(hasKey("predictedImdbRating")));
        Flyway.configure().dataSource(dataSource).schemas("training").defaultSchema("training")
                .locations("classpath:db/training").load().migrate();
        try {
            execute("INSERT INTO training.training_runs (status, params) VALUES ('SUCCEEDED', '{}')");
            long retired = version("RETIRED");
            long active = version("ACTIVE");
            execute("INSERT INTO training.public_rating_predictions VALUES (" + active + ", 4, 6.9, 5.8, 7.8), ("
                    + retired + ", 4, 3.0, 2.0, 4.0), (" + retired + ", 3, 5.0, 4.0, 6.0)");
            given().when().get("/api/v1/movies/4").then().statusCode(200)
                    .body("predictedImdbRating.predicted", equalTo(6.9f)).body("predictedImdbRating.low", equalTo(5.8f))
                    .body("predictedImdbRating.high", equalTo(7.8f));
            // Only the active version's predictions are shown.
            given().when().get("/api/v1/movies/3").then().statusCode(200).body("$", not(hasKey("predictedImdbRating")));
        } finally {
            execute("DELETE FROM training.model_versions");
            execute("DELETE FROM training.training_runs");
        }
    }

    private long version(String status) throws SQLException {
        execute("INSERT INTO training.model_versions (training_run_id, status, params, metrics, data_snapshot, training_curve, "
                + "artifact_format, artifact_sha256, artifact) SELECT max(id), '" + status + "', '{}', '{}', '{}', '[]', 5, "
                + "'test', '\\x00' FROM training.training_runs");
        return count("SELECT max(version) FROM training.model_versions");
    }

    @Test
    void moviesAreSearchedByTitleAndGenreWithPaging() {
        given().when().get("/api/v1/movies?q=toy story").then().statusCode(200)
                .body("total", equalTo(2)).body("items.title", contains("Toy Story", "Toy Story 2"));
        given().when().get("/api/v1/movies?genre=Crime").then().statusCode(200)
                .body("items.movieId", contains(3));
        given().when().get("/api/v1/movies?genre=Children&limit=1&offset=1").then().statusCode(200)
                .body("total", equalTo(3)).body("items.movieId", contains(2)).body("limit", equalTo(1));
        given().when().get("/api/v1/movies?q=100%25").then().statusCode(200).body("items", hasSize(0));
        given().when().get("/api/v1/movies?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().when().get("/api/v1/movies?offset=-1").then().statusCode(400).body("errors[0].field", equalTo("offset"));
        given().when().get("/api/v1/movies/4").then().statusCode(200)
                .body("title", equalTo("Toy Story 2")).body("year", equalTo(1999))
                .body("directors", hasSize(0)).body("cast", hasSize(0));
        given().when().get("/api/v1/movies/404").then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("no movie with id 404"));
        given().when().get("/api/v1/users/12345/ratings").then().statusCode(404).body("detail", equalTo("no user with id 12345"));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/ingestions"))
                .body("paths", hasKey("/api/v1/ratings"))
                .body("paths", hasKey("/api/v1/movies/{movieId}"))
                .body("paths", hasKey("/api/v1/catalog/stats"))
                .body("paths.'/api/v1/ingestions'.post.summary", equalTo("Start an ingestion job"))
                .body("paths.'/api/v1/ingestions'.post.responses", hasKey("409"));
    }
}
