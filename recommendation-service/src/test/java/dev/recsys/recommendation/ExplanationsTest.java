package dev.recsys.recommendation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.hybrid.HybridModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RecsFixture.class, restrictToAnnotatedClass = true)
class ExplanationsTest extends RecsTestSupport {

    @Test
    void explanationsAndRankingAGivenList() throws Exception {
        JsonPath explained = given().when().get("/api/v1/users/17/recommendations?limit=5&explain=true")
                .then().statusCode(200).extract().jsonPath();
        Set<String> likedTitles = new HashSet<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT m.title FROM catalog.ratings r JOIN catalog.movies m USING (movie_id) "
                     + "WHERE r.user_id = 17 AND r.rating >= 4")) {
            while (rs.next()) {
                likedTitles.add(rs.getString(1));
            }
        }
        for (List<String> reasons : explained.<List<String>>getList("items.reasons")) {
            String because = reasons.stream().filter(r -> r.startsWith("because you rated ")).findFirst().orElseThrow();
            assertTrue(likedTitles.contains(because.substring("because you rated ".length())), because);
        }
        given().when().get("/api/v1/users/17/recommendations?limit=5").then().body("items[0].reasons", org.hamcrest.Matchers.nullValue());

        try (HybridModel model = activeModel()) {
            List<Integer> movies = List.of(model.movieId(5), model.movieId(9), model.movieId(2), 123_456_789);
            JsonPath ranked = given().contentType(ContentType.JSON).body(Map.of("movieIds", movies))
                    .when().post("/api/v1/users/17/recommendations/rank").then().statusCode(200).extract().jsonPath();
            List<Double> ratings = ranked.getList("items.predictedRating", Double.class);
            for (int k = 1; k < ratings.size(); k++) {
                assertTrue(ratings.get(k - 1) >= ratings.get(k), "ordered by predicted rating");
            }
            assertEquals(3, ratings.size());
            assertEquals(List.of(123_456_789), ranked.getList("unknownMovieIds", Integer.class));
            int user = model.userIndex(17);
            int first = ranked.getInt("items[0].movieId");
            assertEquals(Math.max(0.5, Math.min(5.0, model.predict(user, model.movieIndex(first)))), ratings.get(0), 1e-6);
        }
        given().contentType(ContentType.JSON).body(Map.of("movieIds", List.of()))
                .when().post("/api/v1/users/17/recommendations/rank").then().statusCode(400);
    }
}
