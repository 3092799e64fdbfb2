package dev.recsys.recommendation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The diversity and novelty knobs (issue 32) on planted tastes ({@link PlantedFixture}): Comedy is
 * movies 1-100, Horror 101-200, and the Action blockbusters 201-220 are the most-rated movies.
 */
@QuarkusTest
@QuarkusTestResource(value = PlantedFixture.class, restrictToAnnotatedClass = true)
class ListKnobsTest extends RecsTestSupport {

    private static final int COMEDY_FAN = 2;

    private static JsonPath list(String query) {
        return given().when().get("/api/v1/users/" + COMEDY_FAN + "/recommendations?" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    /**
     * The batch stores each user's best 100, which for a Comedy fan hold Comedy, Horror and Action; the
     * stored list is re-ranked at read time, no new batch needed.
     */
    @Test
    void atFullDiversityTheFirstThreeMoviesOfAStoredListComeFromThreeClusters() {
        assertEquals("SUCCEEDED", runBatch().getString("status"));
        JsonPath asRanked = list("limit=3");
        assertEquals("batch", asRanked.getString("source"));
        List<String> ranked = asRanked.getList("items.collect { it.genres[0] }", String.class);
        assertTrue(new HashSet<>(ranked).size() < 3, "as ranked, a Comedy fan's top 3 repeats a kind of movie: " + ranked);
        JsonPath diverse = list("limit=10&diversity=1");
        assertEquals("batch", diverse.getString("source"));
        List<String> genres = diverse.getList("items.collect { it.genres[0] }", String.class);
        assertEquals(Set.of("Comedy", "Horror", "Action"), new HashSet<>(genres.subList(0, 3)), genres.toString());
        assertEquals(10, genres.size());
        assertEquals(asRanked.getInt("items[0].movieId"), diverse.getInt("items[0].movieId"),
                "the most relevant movie stays first");
    }

    @Test
    void fullNoveltyLowersTheMeanPopularityOfTheList() throws Exception {
        Map<Integer, Integer> ratingCounts = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT movie_id, count(*) FROM catalog.ratings GROUP BY movie_id")) {
            while (rs.next()) {
                ratingCounts.put(rs.getInt(1), rs.getInt(2));
            }
        }
        double ranked = meanRatings(list("limit=10").getList("items.movieId", Integer.class), ratingCounts);
        double novel = meanRatings(list("limit=10&novelty=1").getList("items.movieId", Integer.class), ratingCounts);
        assertTrue(novel < ranked, "mean ratings per listed movie: " + novel + " with novelty=1, " + ranked + " without");
        assertEquals(list("limit=10").getList("items.movieId"), list("limit=10&diversity=0&novelty=0").getList("items.movieId"),
                "both knobs at 0 keep the list as ranked");
    }

    /**
     * A batch run records how much each listed movie is recommended (every user's best 100 hold the
     * blockbusters, so they are the most exposed), and novelty discounts that exposure on its lists.
     */
    @Test
    void aBatchRunRecordsEachListedMoviesExposureWhichNoveltyDiscounts() throws Exception {
        assertEquals("SUCCEEDED", runBatch().getString("status"));
        Map<Integer, Double> exposure = new HashMap<>();
        long listedMovies;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT movie_id, exposure FROM recs.movie_exposure "
                    + "WHERE batch_run_id = (SELECT batch_run_id FROM recs.serving_batch)")) {
                while (rs.next()) {
                    exposure.put(rs.getInt(1), rs.getDouble(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT m) FROM recs.user_recommendations, unnest(movie_ids) m "
                    + "WHERE batch_run_id = (SELECT batch_run_id FROM recs.serving_batch)")) {
                rs.next();
                listedMovies = rs.getLong(1);
            }
        }
        assertEquals(listedMovies, exposure.size(), "one exposure per movie in the serving run's lists");
        double blockbusters = exposure.entrySet().stream().filter(e -> e.getKey() > 200 && e.getKey() <= 220)
                .mapToDouble(Map.Entry::getValue).average().orElseThrow();
        double others = exposure.entrySet().stream().filter(e -> e.getKey() <= 200)
                .mapToDouble(Map.Entry::getValue).average().orElseThrow();
        assertTrue(blockbusters > others, "blockbusters' mean exposure " + blockbusters + ", other movies' " + others);
        double ranked = meanExposure(list("limit=10").getList("items.movieId", Integer.class), exposure);
        double novel = meanExposure(list("limit=10&novelty=1").getList("items.movieId", Integer.class), exposure);
        assertTrue(novel < ranked, "mean exposure per listed movie: " + novel + " with novelty=1, " + ranked + " without");
    }

    private static double meanExposure(List<Integer> movieIds, Map<Integer, Double> exposure) {
        return movieIds.stream().mapToDouble(id -> exposure.getOrDefault(id, 0.0)).average().orElseThrow();
    }

    private static double meanRatings(List<Integer> movieIds, Map<Integer, Integer> ratingCounts) {
        return movieIds.stream().mapToInt(id -> ratingCounts.getOrDefault(id, 0)).average().orElseThrow();
    }

    @Test
    void knobsOutsideZeroToOneAreA400NamingTheParameter() {
        given().when().get("/api/v1/users/2/recommendations?diversity=1.5").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("diversity"))
                .body("errors[0].message", containsString("between 0 and 1"));
        given().when().get("/api/v1/users/2/recommendations?novelty=-0.1").then().statusCode(400)
                .body("errors[0].field", equalTo("novelty"));
        given().when().get("/api/v1/users/2/recommendations?diversity=lots").then().statusCode(400)
                .body("detail", containsString("diversity"));
        given().contentType(ContentType.JSON)
                .body(Map.of("ratings", List.of(Map.of("movieId", 1, "rating", 5.0)), "novelty", 2))
                .when().post("/api/v1/recommendations/anonymous").then().statusCode(400)
                .body("errors[0].field", equalTo("novelty"));
    }

    /** A Comedy lover's first 100 candidates hold Comedy and Horror but no Action: two kinds, then repeats. */
    @Test
    void anAnonymousVisitorsListIsDiversifiedToo() {
        JsonPath diverse = given().contentType(ContentType.JSON)
                .body(Map.of("ratings", List.of(Map.of("movieId", 1, "rating", 5.0), Map.of("movieId", 2, "rating", 5.0),
                        Map.of("movieId", 3, "rating", 4.5)), "limit", 5, "diversity", 1))
                .when().post("/api/v1/recommendations/anonymous").then().statusCode(200).extract().jsonPath();
        List<String> genres = diverse.getList("items.collect { it.genres[0] }", String.class);
        assertEquals(Set.of("Comedy", "Horror"), new HashSet<>(genres.subList(0, 2)), genres.toString());
        JsonPath ranked = given().contentType(ContentType.JSON)
                .body(Map.of("ratings", List.of(Map.of("movieId", 1, "rating", 5.0), Map.of("movieId", 2, "rating", 5.0),
                        Map.of("movieId", 3, "rating", 4.5)), "limit", 5))
                .when().post("/api/v1/recommendations/anonymous").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("Comedy"), ranked.getList("items.collect { it.genres[0] }", String.class).stream().distinct().toList(),
                "as ranked, all Comedy");
    }
}
