package dev.recsys.recommendation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.TopK;
import dev.recsys.model.hybrid.HybridModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RecsFixture.class, restrictToAnnotatedClass = true)
class DiscoveryTest extends RecsTestSupport {

    @Test
    void similarPopularAndAnonymousVisitors() throws Exception {
        try (HybridModel model = activeModel()) {
            int movieId = model.movieId(0);
            JsonPath similar = given().when().get("/api/v1/movies/" + movieId + "/similar?limit=5").then().statusCode(200)
                    .extract().jsonPath();
            float[] expected = new float[model.movieCount()];
            model.similarities(0, expected);
            int[] top = new int[5];
            TopK.select(expected, top);
            List<Integer> ids = new ArrayList<>();
            for (int k : top) {
                ids.add(model.movieId(k));
            }
            assertEquals(ids, similar.getList("items.movieId", Integer.class));
            assertFalse(similar.getList("items.movieId", Integer.class).contains(movieId));

            // A visitor who loves the first five movies of user 17's list: those are never recommended back.
            List<Integer> liked = recommendations(17, 5).getList("items.movieId", Integer.class);
            List<Map<String, Object>> ratings = new ArrayList<>();
            liked.forEach(id -> ratings.add(Map.of("movieId", id, "rating", 5.0)));
            ratings.add(Map.of("movieId", 987_654_321, "rating", 4.0));
            JsonPath visitor = given().contentType(ContentType.JSON).body(Map.of("ratings", ratings, "limit", 10))
                    .when().post("/api/v1/recommendations/anonymous").then().statusCode(200).extract().jsonPath();
            assertEquals("anonymous", visitor.getString("source"));
            assertEquals(36, visitor.getString("recommendationId").length(), "a UUID names the list");
            assertEquals(10, visitor.getList("items").size());
            assertEquals(List.of(987_654_321), visitor.getList("unknownMovieIds", Integer.class));
            assertTrue(visitor.getList("items.movieId", Integer.class).stream().noneMatch(liked::contains));

            // The visitor is not interested in the first two: the rest moves up.
            List<Integer> first = visitor.getList("items.movieId", Integer.class);
            JsonPath excluding = given().contentType(ContentType.JSON)
                    .body(Map.of("ratings", ratings, "limit", 10, "exclude", first.subList(0, 2)))
                    .when().post("/api/v1/recommendations/anonymous").then().statusCode(200).extract().jsonPath();
            assertEquals(first.subList(2, 10), excluding.getList("items.movieId", Integer.class).subList(0, 8));
            given().contentType(ContentType.JSON).body(Map.of("ratings", ratings, "exclude", List.of(5, -1)))
                    .when().post("/api/v1/recommendations/anonymous").then().statusCode(400)
                    .body("errors[0].field", equalTo("exclude[1]")).body("errors[0].message", equalTo("must be a positive integer"));
        }
        given().contentType(ContentType.JSON).body(Map.of("ratings", List.of(Map.of("movieId", 1, "rating", 7.0))))
                .when().post("/api/v1/recommendations/anonymous").then().statusCode(400)
                .body("errors[0].field", equalTo("ratings[0].rating"));
        given().contentType(ContentType.JSON).body(Map.of("ratings", List.of()))
                .when().post("/api/v1/recommendations/anonymous").then().statusCode(200).body("source", equalTo("popular"));
        JsonPath popular = given().when().get("/api/v1/movies/popular?limit=3&genre=Comedy").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(3, popular.getList("items").size());
        for (List<String> genres : popular.<List<String>>getList("items.genres")) {
            assertTrue(genres.contains("Comedy"));
        }
        given().when().get("/api/v1/movies/123456789/similar").then().statusCode(404);
    }
}
