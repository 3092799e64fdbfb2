package dev.recsys.recommendation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Lists from what a user has told us by now (issue 28), on planted tastes ({@link PlantedFixture}):
 * Comedy is movies 1-100, Horror 101-200, Action blockbusters 201-220.
 */
@QuarkusTest
@QuarkusTestResource(value = PlantedFixture.class, restrictToAnnotatedClass = true)
class LiveListsTest extends RecsTestSupport {

    private static final Predicate<Integer> COMEDY = id -> id <= 100;
    private static final Predicate<Integer> HORROR = id -> id > 100 && id <= 200;

    @Test
    void aNewUserWhoRatesOneClusterGetsItWithinASecondAndTheListMovesWithTheirNextRatings() throws Exception {
        int user = 5001;
        assertEquals("popular", recommendations(user, 10).getString("source"), "no ratings yet");

        rate(user, Map.of(1, 5.0, 2, 5.0, 3, 4.5, 4, 5.0, 5, 4.0), 2_000_000);
        long rated = System.nanoTime();
        JsonPath comedy = awaitList(user, list -> "live".equals(list.getString("source")));
        double seconds = (System.nanoTime() - rated) / 1e9;
        assertTrue(seconds < 1.0, "the list changed " + seconds + " s after the ratings were stored");
        assertTrue(comedy.getBoolean("folded"), "scored from a vector folded in from the five ratings");
        List<Integer> ids = comedy.getList("items.movieId", Integer.class);
        assertEquals(10, ids.size());
        assertTrue(ids.stream().filter(COMEDY).count() >= 8, "a Comedy lover's list: " + ids);
        assertTrue(ids.stream().noneMatch(id -> id <= 5), "never a rated movie: " + ids);

        rate(user, Map.of(101, 5.0, 102, 5.0, 103, 5.0, 104, 5.0, 105, 5.0, 106, 5.0, 107, 5.0, 108, 5.0), 3_000_000);
        JsonPath both = awaitList(user, list -> list.getList("items.movieId", Integer.class).stream().filter(HORROR).count()
                > ids.stream().filter(HORROR).count() + 2);
        List<Integer> moved = both.getList("items.movieId", Integer.class);
        assertEquals(10, moved.size());
        assertTrue(moved.stream().noneMatch(id -> id <= 5 || (id >= 101 && id <= 108)), "never a rated movie: " + moved);

        // The visitor's endpoint ranks the same five ratings the same way.
        List<Map<String, Object>> visitor = List.of(Map.of("movieId", 1, "rating", 5.0), Map.of("movieId", 2, "rating", 5.0),
                Map.of("movieId", 3, "rating", 4.5), Map.of("movieId", 4, "rating", 5.0), Map.of("movieId", 5, "rating", 4.0));
        List<Integer> anonymous = given().contentType(ContentType.JSON).body(Map.of("ratings", visitor, "limit", 10))
                .when().post("/api/v1/recommendations/anonymous").then().statusCode(200).extract().jsonPath()
                .getList("items.movieId", Integer.class);
        assertEquals(ids, anonymous);
    }

    @Test
    void aUserWhoRatedMoreThanTheFirstCutStillGetsAFullListOfUnratedMoviesFromEveryPath() throws Exception {
        Set<Integer> rated = rated(PlantedFixture.HEAVY_USER);
        assertTrue(rated.size() > PlantedFixture.FIRST_CUT, "the heavy user outgrows the live list's first cut");
        JsonPath live = recommendations(PlantedFixture.HEAVY_USER, 20);
        assertEquals("live", live.getString("source"));
        assertNull(live.get("folded"), "a user the model was trained on, unchanged since: their trained vector");
        List<Integer> ids = live.getList("items.movieId", Integer.class);
        assertEquals(20, ids.size(), ids.toString());
        assertTrue(ids.stream().noneMatch(rated::contains), ids.toString());
        // Five unrated comedies are all the genre has left for them; the filter finds each one.
        assertEquals(Set.of(1, 2, 3, 4, 5), Set.copyOf(given().when().get("/api/v1/users/" + PlantedFixture.HEAVY_USER
                + "/recommendations?limit=10&genre=Comedy").then().statusCode(200).extract().jsonPath()
                .getList("items.movieId", Integer.class)));
        List<Integer> excluding = given().when().get("/api/v1/users/" + PlantedFixture.HEAVY_USER
                + "/recommendations?limit=20&exclude=" + ids.get(0) + "," + ids.get(1)).then().statusCode(200).extract()
                .jsonPath().getList("items.movieId", Integer.class);
        assertEquals(20, excluding.size(), "25 unrated movies, 2 excluded: " + excluding);
        assertFalse(excluding.contains(ids.get(0)) || excluding.contains(ids.get(1)));

        // A Comedy lover who asks for Horror gets ten, though Horror ranks below the first cut for them.
        rate(5002, Map.of(1, 5.0, 2, 5.0, 3, 5.0), 2_000_000);
        List<Integer> horror = awaitList(5002, list -> "live".equals(list.getString("source"))).getString("source") == null
                ? List.of() : given().when().get("/api/v1/users/5002/recommendations?limit=10&genre=Horror").then()
                .statusCode(200).extract().jsonPath().getList("items.movieId", Integer.class);
        assertEquals(10, horror.size(), horror.toString());
        assertTrue(horror.stream().allMatch(HORROR), horror.toString());
    }

    @Test
    void aHeavyUserInAnExperimentVariantStillGetsAFullListOfUnratedMovies() throws Exception {
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("INSERT INTO training.model_versions (training_run_id, status, params, metrics, data_snapshot, "
                    + "training_curve, artifact_format, artifact_sha256, artifact) SELECT training_run_id, 'CANDIDATE', params, "
                    + "metrics, data_snapshot, training_curve, artifact_format, artifact_sha256, artifact "
                    + "FROM training.model_versions WHERE version = 1");
        }
        long experiment = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "heavy users", "variants", List.of(Map.of("name", "control", "model", "active", "share", 1),
                        Map.of("name", "candidate", "model", "2", "share", 99))))
                .when().post("/api/v1/experiments").then().statusCode(201).extract().jsonPath().getLong("id");
        try {
            Set<Integer> rated = rated(PlantedFixture.HEAVY_USER);
            JsonPath list = recommendations(PlantedFixture.HEAVY_USER, 20);
            assertEquals("candidate", list.getString("variant"), list.prettify());
            assertEquals(2, list.getLong("modelVersion"), "scored by the variant's version");
            assertEquals("live", list.getString("source"), "no batch list was scored by version 2");
            List<Integer> ids = list.getList("items.movieId", Integer.class);
            assertEquals(20, ids.size(), ids.toString());
            assertTrue(ids.stream().noneMatch(rated::contains), ids.toString());
        } finally {
            given().header("Authorization", ADMIN).when().post("/api/v1/experiments/" + experiment + "/stop").then()
                    .statusCode(200);
            // Replicas re-read the running experiment once a second: the other tests start once it is gone.
            awaitList(PlantedFixture.HEAVY_USER, after -> after.get("experiment") == null);
        }
    }

    @Test
    void aBatchListStandsUntilTheNewRatingsSaySomethingNew() throws Exception {
        assertEquals("SUCCEEDED", runBatch().getString("status"));
        JsonPath heavy = recommendations(PlantedFixture.HEAVY_USER, 20);
        assertEquals("batch", heavy.getString("source"));
        assertEquals(20, heavy.getList("items").size(), "a full batch list for a user who rated almost everything");

        int user = 2;
        List<Integer> batch = recommendations(user, 10).getList("items.movieId", Integer.class);
        assertEquals("batch", recommendations(user, 10).getString("source"));
        // Two new middling ratings: not enough to score the user anew; the rated movies leave the list.
        rate(user, Map.of(batch.get(0), 3.5), 2_000_000);
        rate(user, Map.of(batch.get(1), 3.0), 2_000_001);
        JsonPath two = awaitList(user, list -> !list.getList("items.movieId", Integer.class).contains(batch.get(1)));
        assertEquals("batch", two.getString("source"));
        assertEquals(batch.subList(2, 10), two.getList("items.movieId", Integer.class).subList(0, 8));
        // The third new rating is: the list is scored live from the user's current ratings.
        rate(user, Map.of(batch.get(2), 2.0), 2_000_002);
        JsonPath three = awaitList(user, list -> "live".equals(list.getString("source")));
        assertTrue(three.getBoolean("folded"), "their vector folded in from their current ratings");
        assertTrue(three.getList("items.movieId", Integer.class).stream().noneMatch(batch.subList(0, 3)::contains));

        // One new rating of 4 or more is enough on its own.
        int other = 4;
        List<Integer> otherBatch = recommendations(other, 10).getList("items.movieId", Integer.class);
        assertEquals("batch", recommendations(other, 10).getString("source"));
        long horrorBefore = otherBatch.stream().filter(HORROR).count();
        rate(other, Map.of(150, 5.0), 2_000_000);
        assertFalse(awaitList(other, list -> "live".equals(list.getString("source"))).getList("items.movieId", Integer.class)
                .contains(150));
        // A Comedy lover who goes on to rate 30 Horror movies 5: their list is scored from it, and Horror comes in.
        Map<Integer, Double> horror = new java.util.HashMap<>();
        for (int movie = 101; movie <= 130; movie++) {
            horror.put(movie, 5.0);
        }
        rate(other, horror, 2_000_001);
        JsonPath moved = awaitList(other, list -> !list.getList("items.movieId", Integer.class).contains(101)
                && list.getList("items.movieId", Integer.class).stream().filter(HORROR).count() > horrorBefore + 2);
        assertTrue(moved.getBoolean("folded"));
        assertTrue(moved.getList("items.movieId", Integer.class).stream().noneMatch(id -> id >= 101 && id <= 130),
                "never a rated movie: " + moved.getList("items.movieId"));
        // A user whose ratings did not change keeps the cached batch list.
        assertEquals("batch", recommendations(6, 10).getString("source"));
    }

    private void rate(int userId, Map<Integer, Double> ratings, long epochSeconds) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO catalog.ratings (user_id, movie_id, rating, rated_at) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<Integer, Double> rating : ratings.entrySet()) {
                ps.setInt(1, userId);
                ps.setInt(2, rating.getKey());
                ps.setFloat(3, rating.getValue().floatValue());
                ps.setTimestamp(4, new Timestamp(epochSeconds * 1000));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The user's top 10 once it satisfies {@code ready}, polled every 10 ms for up to 5 s. */
    private static JsonPath awaitList(int userId, Predicate<JsonPath> ready) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        List<String> seen = new ArrayList<>();
        while (System.currentTimeMillis() < deadline) {
            JsonPath list = recommendations(userId, 10);
            if (ready.test(list)) {
                return list;
            }
            seen.add(list.getString("source") + list.getList("items.movieId"));
            Thread.sleep(10);
        }
        throw new AssertionError("the list of user " + userId + " never became what was awaited; last: "
                + seen.get(seen.size() - 1));
    }
}
