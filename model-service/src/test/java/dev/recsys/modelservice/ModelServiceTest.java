package dev.recsys.modelservice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.LiveRanking;
import dev.recsys.model.hybrid.ModelArtifact;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import dev.recsys.modelruntime.ServingModel;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RegistryFixture.class, restrictToAnnotatedClass = true)
class ModelServiceTest {

    static final String ADMIN = "Bearer test-admin-token";

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void versionOneActive() throws Exception {
        given().header("Authorization", ADMIN).when().post("/api/v1/models/1/activate").then().statusCode(200);
        awaitServing(1);
    }

    private HybridModel stored(long version) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT artifact FROM training.model_versions WHERE version = " + version)) {
            rs.next();
            return ModelArtifact.read(rs.getBytes(1));
        }
    }

    private static JsonPath predict(int userId, List<Integer> movieIds) {
        return given().contentType(ContentType.JSON).body(Map.of("userId", userId, "movieIds", movieIds))
                .when().post("/api/v1/predictions").then().statusCode(200).extract().jsonPath();
    }

    private static void awaitServing(long version) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (predict(1, List.of(1)).getLong("modelVersion") == version) {
                return;
            }
            Thread.sleep(200);
        }
        fail("version " + version + " not served within 30 s");
    }

    @Test
    void predictionsEqualTheModelsOwnScores() throws Exception {
        try (HybridModel model = stored(1)) {
            List<Integer> movieIds = new ArrayList<>();
            for (int item = 0; item < 50; item++) {
                movieIds.add(model.movieId(item));
            }
            int userId = 7;
            JsonPath response = predict(userId, movieIds);
            assertEquals(1, response.getLong("modelVersion"));
            assertEquals(false, response.getBoolean("coldStartUser"));
            List<Float> ratings = response.getList("predictions.rating", Float.class);
            for (int item = 0; item < 50; item++) {
                double expected = Math.max(0.5, Math.min(5.0, model.predict(model.userIndex(userId), item)));
                assertEquals(expected, ratings.get(item), 1e-6, "movie " + movieIds.get(item));
            }
        }
    }

    @Test
    void unknownMoviesAreListedAndUnknownUsersAreColdStart() throws Exception {
        try (HybridModel model = stored(1)) {
            int known = model.movieId(3);
            JsonPath response = predict(999_999, List.of(known, 123_456_789));
            assertTrue(response.getBoolean("coldStartUser"));
            assertEquals(List.of(123_456_789), response.getList("unknownMovieIds", Integer.class));
            assertEquals(Math.max(0.5, Math.min(5.0, model.predictWithoutUser(3))),
                    response.getDouble("predictions[0].rating"), 1e-6);
        }
    }

    @Test
    void aUserWhoRatedAfterTrainingIsFoldedInForPredictionsAndSegments() throws Exception {
        int userId = 888_888;
        try (HybridModel model = stored(1)) {
            int[] items = {0, 1, 2, 3, 4};
            float[] ratings = {5, 4.5f, 1, 4, 2};
            try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO catalog.ratings (user_id, movie_id, rating, rated_at) VALUES (?, ?, ?, now())")) {
                for (int k = 0; k < items.length; k++) {
                    ps.setInt(1, userId);
                    ps.setInt(2, model.movieId(items[k]));
                    ps.setFloat(3, ratings[k]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            HybridModel.FoldedUser expected = new LiveRanking(model).foldIn(items, ratings);
            List<Integer> movieIds = List.of(model.movieId(10), model.movieId(11), model.movieId(12));
            JsonPath response = predict(userId, movieIds);
            assertFalse(response.getBoolean("coldStartUser"), "the user has ratings now");
            assertTrue(response.getBoolean("folded"));
            for (int k = 0; k < movieIds.size(); k++) {
                assertEquals(Math.max(0.5, Math.min(5.0, model.predict(expected, 10 + k))),
                        response.getDouble("predictions[" + k + "].rating"), 1e-4);
            }
            assertNull(predict(7, movieIds).get("folded"), "a user the model was trained on");
            JsonPath segment = given().when().get("/api/v1/users/" + userId + "/segment").then().statusCode(200)
                    .extract().jsonPath();
            assertTrue(segment.getBoolean("folded"));
            assertTrue(segment.getInt("segment.id") >= 0 && segment.getInt("segment.id") < 3, segment.prettify());
        }
    }

    @Test
    void newMoviesAreScoredFromContentAndUnknownPeopleReported() {
        given().contentType(ContentType.JSON).body(Map.of("userId", 3, "title", "The Silent Harbor",
                        "genres", List.of("Drama"), "directors", List.of("Nobody Known"), "actors", List.of("Also Unknown"),
                        "year", 2020))
                .when().post("/api/v1/predictions/new-movie").then().statusCode(200)
                .body("modelVersion", equalTo(1)).body("coldStartUser", equalTo(false))
                .body("unknownPeople", contains("nobody known", "also unknown"))
                .body("rating", org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(0.5f))
                        .and(org.hamcrest.Matchers.lessThanOrEqualTo(5.0f)));
        given().contentType(ContentType.JSON).body(Map.of("genres", List.of("Drama")))
                .when().post("/api/v1/predictions/new-movie").then().statusCode(400)
                .body("errors[0].field", equalTo("title"));
    }

    private static Map<String, Object> withMovie(Map<String, Object> movie, String key, Object value) {
        Map<String, Object> body = new java.util.HashMap<>(movie);
        body.put(key, value);
        return body;
    }

    private static Map<String, Object> withMovie(Map<String, Object> movie, String key, Object value, String key2,
                                                 Object value2) {
        Map<String, Object> body = withMovie(movie, key, value);
        body.put(key2, value2);
        return body;
    }

    @Test
    void aPlotIsReadByAModelThatReadsTextAndListedAsUnusedByOneThatDoesNot() throws Exception {
        Map<String, Object> movie = Map.of("title", "The Silent Harbor", "genres", List.of("Drama"), "year", 2020,
                "userId", 3);
        String plot = "A lighthouse keeper finds a stranger washed ashore during a winter storm.";
        JsonPath withoutPlot = newMovie(movie);
        JsonPath unread = newMovie(withMovie(movie, "plot", plot));
        assertEquals(List.of("plot: the active model's rating reads no movie text (its IMDb rating does)"),
                unread.getList("unusedFields", String.class));
        assertEquals(withoutPlot.getDouble("rating"), unread.getDouble("rating"), 1e-9,
                "version 1's rating reads no text: the plot changes nothing");
        // Its IMDb-rating model reads the release text (title and plot), so the plot moves the predicted IMDb rating.
        double imdbWithoutPlot = withoutPlot.getDouble("imdbRating.predicted");
        double imdbWithPlot = unread.getDouble("imdbRating.predicted");
        double imdbOtherPlot = newMovie(withMovie(movie, "plot",
                "Zombies overrun a shopping mall and a group of survivors fights its way out.")).getDouble("imdbRating.predicted");
        assertTrue(imdbWithPlot != imdbWithoutPlot && imdbWithPlot != imdbOtherPlot,
                "the plot is read for the IMDb rating: " + imdbWithoutPlot + ", " + imdbWithPlot + ", " + imdbOtherPlot);
        assertEquals(imdbWithPlot, newMovie(withMovie(movie, "plot", plot, "userId", 5)).getDouble("imdbRating.predicted"),
                "the same for every user");
        // A scenario ranked by IMDb rating reads it the same way.
        JsonPath byImdb = scenario("{\"base\": {\"title\": \"The Silent Harbor\", \"genres\": [\"Drama\"], \"year\": 2020, "
                + "\"plot\": \"" + plot + "\"}, \"objective\": \"imdbRating\"}").statusCode(200).extract().jsonPath();
        assertEquals(imdbWithPlot, byImdb.getDouble("variants[0].imdbRating.predicted"), 1e-9, byImdb.prettify());

        for (String bad : List.of(" ", "x".repeat(5_001), "a plot with a bell \u0007 in it")) {
            given().contentType(ContentType.JSON).body(withMovie(movie, "plot", bad))
                    .when().post("/api/v1/predictions/new-movie").then().statusCode(400)
                    .body("errors[0].field", equalTo("plot")).body("detail", startsWith("plot: "));
        }
        scenario("{\"base\": {\"title\": \"Planned\", \"plot\": \"\"}}").statusCode(400)
                .body("errors[0].field", equalTo("base.plot"));

        activate(2);   // trained with the movies' title embeddings
        awaitServing(2);
        try {
            JsonPath read = given().contentType(ContentType.JSON).body(withMovie(movie, "plot", plot))
                    .when().post("/api/v1/predictions/new-movie").then().statusCode(200).extract().jsonPath();
            // Version 2 has no IMDb-rating model (the fixture trained it without IMDb ratings): only that goes unused.
            assertEquals(List.of("imdbRating: the training catalog had no IMDb or TMDB ratings (load IMDb's title.ratings or TMDB's metadata to get them)"),
                    read.getList("unusedFields", String.class));
            double otherPlot = newMovieRating(withMovie(movie, "plot",
                    "Zombies overrun a shopping mall and a group of survivors fights its way out."));
            assertTrue(read.getDouble("rating") != otherPlot && read.getDouble("rating") != newMovieRating(movie),
                    "the plot is read: " + read.getDouble("rating") + ", " + otherPlot + ", " + newMovieRating(movie));
            scenario("{\"base\": {\"title\": \"The Silent Harbor\", \"genres\": [\"Drama\"], \"plot\": \"" + plot
                    + "\"}, \"variations\": {\"titles\": [\"The Silent Harbor\", \"Harbor Lights\"]}}").statusCode(200)
                    .body("combinations", equalTo(2)).body("unusedFields", everyItem(startsWith("imdbRating")));
        } finally {
            activate(1);
            awaitServing(1);
        }
    }

    private static double newMovieRating(Map<String, Object> body) {
        return newMovie(body).getDouble("rating");
    }

    private static JsonPath newMovie(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/predictions/new-movie")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aNewMovieIsScoredForManyUsersInOneCallWithWhatItCouldNotUse() throws Exception {
        Map<String, Object> movie = Map.of("title", "The Silent Harbor", "genres", List.of("Drama", "Space Opera"),
                "directors", List.of("Nobody Known"), "year", 2020);
        JsonPath many = given().contentType(ContentType.JSON)
                .body(withMovie(movie, "userIds", List.of(3, 999_999, 5)))
                .when().post("/api/v1/predictions/new-movie").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(3, 999_999, 5), many.getList("predictions.userId", Integer.class));
        assertEquals(List.of(false, true, false), many.getList("predictions.coldStartUser", Boolean.class));
        assertEquals(List.of("genres: 'Space Opera' is unknown", "directors: 'nobody known' is unknown"),
                many.getList("unusedFields", String.class));
        // Each user's answer is the single-user answer; the unknown user gets the average user's.
        for (int userId : List.of(3, 999_999)) {
            double single = given().contentType(ContentType.JSON)
                    .body(withMovie(movie, "userId", userId))
                    .when().post("/api/v1/predictions/new-movie").then().statusCode(200).extract().jsonPath()
                    .getDouble("rating");
            assertEquals(single, many.getDouble("predictions.find { it.userId == " + userId + " }.rating"), 1e-6);
        }
        double average = given().contentType(ContentType.JSON).body(movie)
                .when().post("/api/v1/predictions/new-movie").then().statusCode(200).extract().jsonPath().getDouble("rating");
        assertEquals(average, many.getDouble("predictions[1].rating"), 1e-6);

        given().contentType(ContentType.JSON).body(withMovie(movie, "userId", 3, "userIds", List.of(3)))
                .when().post("/api/v1/predictions/new-movie").then().statusCode(400)
                .body("errors[0].field", equalTo("userIds"));
        List<Integer> tooMany = java.util.stream.IntStream.rangeClosed(1, 10_001).boxed().toList();
        given().contentType(ContentType.JSON).body(withMovie(movie, "userIds", tooMany))
                .when().post("/api/v1/predictions/new-movie").then().statusCode(413)
                .body("errors[0].field", equalTo("userIds"));
        given().contentType(ContentType.JSON).body(withMovie(movie, "userIds", List.of(3, -1)))
                .when().post("/api/v1/predictions/new-movie").then().statusCode(400)
                .body("errors[0].field", equalTo("userIds[1]"));
    }

    @Test
    void activationSwapsTheServedVersionWithoutRestartAndRollsBack() throws Exception {
        List<Integer> movies = List.of(1, 2, 3);
        JsonPath before = predict(5, movies);
        given().header("Authorization", ADMIN).when().post("/api/v1/models/2/activate").then().statusCode(200)
                .body("version", equalTo(2)).body("status", equalTo("ACTIVE"));
        JsonPath after = predict(5, movies);
        assertEquals(2, after.getLong("modelVersion"));
        try (HybridModel two = stored(2)) {
            assertEquals(Math.max(0.5, Math.min(5.0, two.predict(two.userIndex(5), two.movieIndex(1)))),
                    after.getDouble("predictions[0].rating"), 1e-6);
        }
        assertTrue(!before.getList("predictions.rating").equals(after.getList("predictions.rating")), "answers changed");
        given().when().get("/api/v1/models/active").then().statusCode(200).body("version", equalTo(2));
        given().when().get("/api/v1/models/1").then().statusCode(200).body("status", equalTo("RETIRED"));

        // Rollback.
        given().header("Authorization", ADMIN).when().post("/api/v1/models/1/activate").then().statusCode(200);
        assertEquals(before.getList("predictions.rating"), predict(5, movies).getList("predictions.rating"));
    }

    @Test
    void anActivationWrittenByAnotherReplicaIsPickedUp() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE training.model_versions SET status = 'RETIRED' WHERE status = 'ACTIVE'");
            s.execute("UPDATE training.model_versions SET status = 'ACTIVE' WHERE version = 2");
            s.execute("NOTIFY model_activated, '2'");
        }
        awaitServing(2);
    }

    @Test
    void aCorruptVersionDoesNotReplaceAGoodOne() {
        given().header("Authorization", ADMIN).when().post("/api/v1/models/3/activate").then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("model version 3 cannot be loaded"));
        given().when().get("/api/v1/models/active").then().body("version", equalTo(1));
        assertEquals(1, predict(1, List.of(1)).getLong("modelVersion"));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aVersionTheDatabaseCouldNotHandOverIsLoadedOnceItCan() throws Exception {
        // With the artifact column out of reach, every read of an artifact fails in the database, as
        // it does when the connection drops halfway through a large artifact.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE training.model_versions RENAME COLUMN artifact TO artifact_out_of_reach");
        }
        try {
            given().header("Authorization", ADMIN).when().post("/api/v1/models/2/activate").then().statusCode(503)
                    .header("Retry-After", "5")
                    .body("detail", containsString("model version 2 cannot be loaded (could not be read from the database"));
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE training.model_versions SET status = 'RETIRED' WHERE status = 'ACTIVE'");
                s.execute("UPDATE training.model_versions SET status = 'ACTIVE' WHERE version = 2");
                s.execute("NOTIFY model_activated, '2'");
            }
            awaitReadiness(containsString("version 2: could not be read from the database"));
            assertEquals(1, predict(1, List.of(1)).getLong("modelVersion"), "the previous version keeps serving");
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE training.model_versions RENAME COLUMN artifact_out_of_reach TO artifact");
            }
        }
        awaitServing(2);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'model' }.data.version", equalTo(2))
                .body("checks.find { it.name == 'model' }.data", not(hasKey("lastLoadFailure")));
    }

    @Test
    void retriesOfAFailedReadBackOffToFiveMinutes() {
        assertEquals(Duration.ofSeconds(5), ServingModel.retryDelay(1));
        assertEquals(Duration.ofSeconds(10), ServingModel.retryDelay(2));
        assertEquals(Duration.ofSeconds(160), ServingModel.retryDelay(6));
        assertEquals(Duration.ofMinutes(5), ServingModel.retryDelay(7));
        assertEquals(Duration.ofMinutes(5), ServingModel.retryDelay(1_000));
    }

    private static void awaitReadiness(Matcher<String> lastLoadFailure) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        String seen = null;
        while (System.currentTimeMillis() < deadline) {
            seen = given().when().get("/q/health/ready").then().extract().jsonPath()
                    .getString("checks.find { it.name == 'model' }.data.lastLoadFailure");
            if (seen != null && lastLoadFailure.matches(seen)) {
                return;
            }
            Thread.sleep(200);
        }
        fail("readiness never reported the failure; last lastLoadFailure: " + seen);
    }

    @Test
    void badRequestsGetClearErrors() {
        given().contentType(ContentType.JSON).body(Map.of("userId", 1, "movieIds", List.of()))
                .when().post("/api/v1/predictions").then().statusCode(400).body("errors[0].field", equalTo("movieIds"));
        List<Integer> tooMany = new ArrayList<>();
        for (int i = 1; i <= 10_001; i++) {
            tooMany.add(i);
        }
        given().contentType(ContentType.JSON).body(Map.of("userId", 1, "movieIds", tooMany))
                .when().post("/api/v1/predictions").then().statusCode(413).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("userId", -4, "movieIds", List.of(1)))
                .when().post("/api/v1/predictions").then().statusCode(400)
                .body("errors[0].field", equalTo("userId")).body("errors[0].message", equalTo("must be a positive integer"));
        given().contentType(ContentType.JSON).body(Map.of("userId", 1, "movieIds", List.of(1, -2)))
                .when().post("/api/v1/predictions").then().statusCode(400).body("errors[0].field", equalTo("movieIds[1]"));
        given().contentType(ContentType.JSON).body("{\"userId\": \"x\", \"movieIds\": [1]}")
                .when().post("/api/v1/predictions").then().statusCode(400).body("errors[0].field", equalTo("userId"));
        given().contentType(ContentType.JSON).body("{\"userId\": 1, ")
                .when().post("/api/v1/predictions").then().statusCode(400).body("detail", containsString("malformed JSON"));
        given().when().post("/api/v1/models/1/activate").then().statusCode(401);
        given().header("Authorization", ADMIN).when().post("/api/v1/models/42/activate").then().statusCode(404)
                .body("detail", equalTo("no model version 42"));
        given().when().get("/api/v1/models").then().statusCode(200).body("", hasSize(3))
                .body("[0].version", equalTo(3)).body("[2].metrics.model.rmse", equalTo(0.9f));
    }

    private static io.restassured.response.ValidatableResponse predict(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/predictions").then();
    }

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URI root;

    @Test
    void aBodyOverTheSizeLimitIsRefusedAsProblemJson() throws Exception {
        // Headers only: the server must answer from the declared length, before any body arrives.
        try (java.net.Socket socket = new java.net.Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST /api/v1/predictions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 20000000\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] buffer = new byte[4096];
            int read = socket.getInputStream().read(buffer);
            String response = new String(buffer, 0, Math.max(read, 0), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json"), response);
            assertTrue(response.contains("the request body is 20000000 bytes, more than the 10485760 this service accepts"),
                    response);
        }
    }

    @Test
    void tasteSegmentsOfTheServedVersionAndEachUsersSegment() throws Exception {
        activate(1);
        JsonPath all = given().when().get("/api/v1/segments").then().statusCode(200).extract().jsonPath();
        assertEquals(1, all.getInt("modelVersion"));
        assertEquals(3, all.getInt("k"));
        List<Integer> sizes = all.getList("segments.users", Integer.class);
        assertEquals(200, sizes.stream().mapToInt(Integer::intValue).sum(), "every user in one segment");
        assertEquals(List.of(0, 1, 2), all.getList("segments.id", Integer.class));
        for (int s = 0; s < 3; s++) {
            assertTrue(all.getDouble("segments[" + s + "].meanRating") >= 0.5);
            for (Float lift : all.getList("segments[" + s + "].genres.lift", Float.class)) {
                assertTrue(lift > 1, "only over-represented genres are listed");
            }
        }
        assertEquals(all.getInt("segments[1].users"), given().when().get("/api/v1/segments/1").then().statusCode(200)
                .extract().jsonPath().getInt("users"));
        given().when().get("/api/v1/segments/7").then().statusCode(404)
                .body("detail", equalTo("no segment 7 in model version 1 (segments 0 to 2)"));

        // Each user's segment is the one whose centre is nearest to their vector; the counts add up.
        int[] counted = new int[3];
        for (int userId = 1; userId <= 200; userId++) {
            JsonPath user = given().when().get("/api/v1/users/" + userId + "/segment").then().statusCode(200)
                    .extract().jsonPath();
            counted[user.getInt("segment.id")]++;
        }
        assertEquals(sizes, List.of(counted[0], counted[1], counted[2]));
        given().when().get("/api/v1/users/999999/segment").then().statusCode(404)
                .body("detail", equalTo("user 999999 has no ratings of movies in model version 1: a user joins a segment "
                        + "once they have rated a movie the model knows"));

        activate(2);
        given().when().get("/api/v1/segments").then().statusCode(404).body("detail",
                equalTo("model version 2 has no taste segments: it was trained before segments existed; train a new version"));
        activate(1);
    }

    private static io.restassured.response.ValidatableResponse scenario(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/scenarios").then();
    }

    @Test
    void scenariosScoreEveryCombinationAndRankThem() throws Exception {
        activate(1);
        String base = "\"base\": {\"title\": \"The Silent Harbor\", \"genres\": [\"Drama\"], \"year\": 2026}";
        JsonPath answer = scenario("{" + base + ", \"variations\": {\"genres\": [[\"Drama\"], [\"Comedy\"], "
                + "[\"Horror\", \"Thriller\"]], \"runtimes\": [95, 150], \"directors\": [[\"Nobody Known\"]]}, \"top\": 4}")
                .statusCode(200).extract().jsonPath();
        assertEquals(1, answer.getInt("modelVersion"));
        assertEquals(6, answer.getInt("combinations"));
        assertEquals("meanRating", answer.getString("objective"));
        assertEquals(200, answer.getInt("users"));
        assertEquals(List.of(1, 2, 3, 4), answer.getList("variants.rank", Integer.class));
        List<Float> means = answer.getList("variants.meanRating", Float.class);
        for (int i = 1; i < means.size(); i++) {
            assertTrue(means.get(i - 1) >= means.get(i), "ranked by mean rating: " + means);
        }
        assertEquals(3, answer.getList("variants[0].segments").size(), "one mean per taste segment of version 1");
        assertTrue(answer.getMap("variants[0].values").keySet().containsAll(List.of("genres", "runtime", "directors")));
        assertEquals(List.of("nobody known"), answer.getList("unknownPeople"), "matched by name, as new-movie does");

        // One variant alone, for one user's view: the mean is the mean of the per-user predictions.
        JsonPath single = scenario("{" + base + ", \"objective\": \"audience\"}").statusCode(200).extract().jsonPath();
        assertEquals(1, single.getInt("combinations"));
        float mean = 0;
        JsonPath each = given().contentType(ContentType.JSON).body(Map.of("title", "The Silent Harbor", "genres",
                List.of("Drama"), "year", 2026, "userIds", java.util.stream.IntStream.rangeClosed(1, 200).boxed().toList()))
                .when().post("/api/v1/predictions/new-movie").then().statusCode(200).extract().jsonPath();
        for (Float rating : each.getList("predictions.rating", Float.class)) {
            mean += rating / 200;
        }
        assertEquals(mean, single.getFloat("variants[0].meanRating"), 0.001);
        long audience = single.getLong("variants[0].audience");
        assertTrue(audience >= 0 && audience <= 200, "audience " + audience);

        scenario("{" + base + ", \"variations\": {\"years\": [1990, 1991, 1992, 1993, 1994, 1995, 1996, 1997, 1998, 1999, 2000], "
                + "\"runtimes\": [80, 90, 100, 110, 120, 130, 140, 150, 160, 170], \"titles\": [\"A\", \"B\", \"C\", \"D\", \"E\", "
                + "\"F\", \"G\", \"H\", \"I\", \"J\"]}}").statusCode(400)
                .body("detail", equalTo("invalid variations: the variations make 1100 combinations; at most 1000 are scored in one request"));
        scenario("{" + base + ", \"variations\": {\"directors\": []}}").statusCode(400)
                .body("errors[0].field", equalTo("variations.directors"));
        scenario("{" + base + ", \"objective\": \"revenue\"}").statusCode(400).body("errors[0].field", equalTo("objective"));
        scenario("{" + base + ", \"budget\": 1000000}").statusCode(400).body("errors[0].field", equalTo("budget"));
        scenario("{\"variations\": {}}").statusCode(400).body("errors[0].field", equalTo("base"));
    }

    @Test
    void aPlannedMovieGetsAPredictedImdbRatingWithItsIntervalOrTheReasonItHasNone() throws Exception {
        activate(1);
        Map<String, Object> movie = Map.of("title", "The Silent Harbor", "genres", List.of("Drama"), "year", 2020);
        JsonPath average = given().contentType(ContentType.JSON).body(movie).when().post("/api/v1/predictions/new-movie")
                .then().statusCode(200).extract().jsonPath();
        double predicted = average.getDouble("imdbRating.predicted");
        assertTrue(average.getDouble("imdbRating.low") < predicted && predicted < average.getDouble("imdbRating.high"),
                average.getMap("imdbRating").toString());
        assertTrue(predicted >= 1 && predicted <= 10, "on IMDb's scale: " + predicted);
        assertEquals(List.of(), average.getList("unusedFields"));
        JsonPath forUser = given().contentType(ContentType.JSON).body(withMovie(movie, "userId", 3))
                .when().post("/api/v1/predictions/new-movie").then().statusCode(200).extract().jsonPath();
        assertEquals(average.getMap("imdbRating"), forUser.getMap("imdbRating"), "the same for every user");
        assertNull(average.get("tmdbRating"), "this version learned IMDb's ratings");

        // TMDB's fields are read where the training catalog had TMDB metadata; this one had none, and says so.
        Map<String, Object> pitched = new java.util.HashMap<>(movie);
        pitched.putAll(Map.of("budget", 25_000_000, "releaseMonth", 10, "companies", List.of("Pixar"),
                "countries", List.of("United States of America")));
        JsonPath withFacts = given().contentType(ContentType.JSON).body(pitched).when().post("/api/v1/predictions/new-movie")
                .then().statusCode(200).extract().jsonPath();
        String why = ": the training catalog had too few movies with TMDB metadata (load TMDB's files to use it)";
        assertEquals(List.of("budget" + why, "releaseMonth" + why, "companies" + why, "countries" + why),
                withFacts.getList("unusedFields"));
        assertEquals(average.getMap("imdbRating"), withFacts.getMap("imdbRating"));
        pitched.put("releaseMonth", 13);
        pitched.put("budget", 0);
        given().contentType(ContentType.JSON).body(pitched).when().post("/api/v1/predictions/new-movie").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("budget", "releaseMonth"))
                .body("errors[1].message", equalTo("must be between 1 and 12"));

        JsonPath ranked = scenario("{\"base\": {\"title\": \"The Silent Harbor\", \"genres\": [\"Drama\"], \"year\": 2020}, "
                + "\"variations\": {\"genres\": [[\"Drama\"], [\"Comedy\"], [\"Horror\"]], \"years\": [1970, 2020]}, "
                + "\"objective\": \"imdbRating\"}").statusCode(200).extract().jsonPath();
        List<Float> imdb = ranked.getList("variants.imdbRating.predicted", Float.class);
        assertEquals(6, imdb.size());
        for (int i = 1; i < imdb.size(); i++) {
            assertTrue(imdb.get(i - 1) >= imdb.get(i), "ranked by predicted IMDb rating: " + imdb);
        }
        assertEquals(5, ranked.getList("similarReleased").size());
        scenario("{\"base\": {\"genres\": [\"Drama\"]}, \"objective\": \"tmdbRating\"}").statusCode(422)
                .body("detail", equalTo("objective tmdbRating needs a model of that scale; model version 1 learned IMDb's "
                        + "ratings: use imdbRating"));
        JsonPath budgets = scenario("{\"base\": {\"title\": \"The Silent Harbor\", \"genres\": [\"Drama\"], \"companies\": "
                + "[\"Pixar\"]}, \"variations\": {\"budgets\": [5000000, 50000000]}}").statusCode(200).extract().jsonPath();
        assertEquals(2, budgets.getInt("combinations"));
        assertEquals(List.of("budget: the training catalog had too few movies with TMDB metadata (load TMDB's files to use it)",
                "companies: the training catalog had too few movies with TMDB metadata (load TMDB's files to use it)"),
                budgets.getList("unusedFields"));
        assertTrue(ranked.getString("similarReleased[0].imdbUrl").matches("https://www\\.imdb\\.com/title/tt\\d{7}/"),
                ranked.getString("similarReleased[0].imdbUrl"));
        assertTrue(ranked.getDouble("similarReleased[0].imdbRating") >= 1);

        activate(2);
        String absent = "imdbRating: the training catalog had no IMDb or TMDB ratings "
                + "(load IMDb's title.ratings or TMDB's metadata to get them)";
        JsonPath without = given().contentType(ContentType.JSON).body(movie).when().post("/api/v1/predictions/new-movie")
                .then().statusCode(200).extract().jsonPath();
        assertNull(without.get("imdbRating"));
        assertEquals(List.of(absent), without.getList("unusedFields"));
        scenario("{\"base\": {\"genres\": [\"Drama\"]}, \"objective\": \"imdbRating\"}").statusCode(422)
                .body("detail", equalTo("objective imdbRating needs an IMDb-rating model, and model version 2 has none: "
                        + absent.substring("imdbRating: ".length())));
        activate(1);
    }

    /** A JSON list of n copies of one JSON value. */
    private static String copies(int n, String value) {
        return "[" + String.join(", ", java.util.Collections.nCopies(n, value)) + "]";
    }

    @Test
    void hugeScenarioVariationsAnswer400QuicklyAndTheServiceStaysUp() throws Exception {
        activate(1);
        String base = "\"base\": {\"title\": \"The Silent Harbor\", \"genres\": [\"Drama\"], \"year\": 2026}";
        // The probe's body: 8 x 1,024^6 = 2^63 combinations, which a plain long wrapped to a negative count.
        String probe = "{" + base + ", \"variations\": {\"titles\": " + copies(8, "\"T\"") + ", \"years\": "
                + copies(1024, "1990") + ", \"runtimes\": " + copies(1024, "90") + ", \"genres\": " + copies(1024, "[\"Drama\"]")
                + ", \"directors\": " + copies(1024, "[\"D\"]") + ", \"writers\": " + copies(1024, "[\"W\"]")
                + ", \"actors\": " + copies(1024, "[\"A\"]") + "}}";
        scenario(probe).statusCode(400); // warm the path once: the timed answers below are the steady state
        long started = System.nanoTime();
        scenario(probe).statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("variations"))
                .body("detail", equalTo("invalid variations: the variations make more than 9223372036854775807 combinations; "
                        + "at most 1000 are scored in one request"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 500, "the overflow request took " + millis + " ms");

        // Random sizes (each at most 1,024 alternatives, as a 30 KB body allows), always over the cap: every one a quick 400
        // whose count, when it is given, is the true product (never negative).
        java.util.Random random = new java.util.Random(33);
        started = System.nanoTime();
        for (int trial = 0; trial < 30; trial++) {
            int titles = 1 + random.nextInt(1024), years = 2 + random.nextInt(1023), runtimes = 1 + random.nextInt(1024);
            int genres = 1 + random.nextInt(1024), actors = 1001 / (titles * years) + 1 + random.nextInt(1024);
            String body = "{" + base + ", \"variations\": {\"titles\": " + copies(titles, "\"T\"") + ", \"years\": "
                    + copies(years, "1990") + ", \"runtimes\": " + copies(runtimes, "90") + ", \"genres\": "
                    + copies(genres, "[\"Drama\"]") + ", \"actors\": " + copies(actors, "[\"A\"]") + "}}";
            long count = java.math.BigInteger.valueOf(titles).multiply(java.math.BigInteger.valueOf(years))
                    .multiply(java.math.BigInteger.valueOf(runtimes)).multiply(java.math.BigInteger.valueOf(genres))
                    .multiply(java.math.BigInteger.valueOf(actors)).longValueExact();
            scenario(body).statusCode(400).body("errors[0].field", equalTo("variations"))
                    .body("detail", equalTo("invalid variations: the variations make " + count
                            + " combinations; at most 1000 are scored in one request"));
        }
        millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 30 * 500, "30 oversized requests took " + millis + " ms");
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));

        // The alternatives and the base keep the bounds /predictions/new-movie keeps, with the same messages.
        scenario("{" + base + ", \"variations\": {\"years\": [1000, 1990, 3000]}}").statusCode(400)
                .body("errors.field", contains("variations.years[0]", "variations.years[2]"))
                .body("detail", equalTo("variations.years[0]: must be between 1870 and 2100"));
        scenario("{" + base + ", \"variations\": {\"runtimes\": [0, 1001], \"actors\": [" + copies(101, "\"A\"") + "]}}")
                .statusCode(400)
                .body("errors.field", contains("variations.runtimes[0]", "variations.runtimes[1]", "variations.actors[0]"))
                .body("errors[2].message", equalTo("at most 100 entries"));
        scenario("{\"base\": {\"title\": \"Planned\", \"year\": 3000}}").statusCode(400)
                .body("errors[0].field", equalTo("base.year")).body("detail", equalTo("base.year: must be between 1870 and 2100"));
        given().contentType(ContentType.JSON).body(Map.of("title", "Planned", "year", 3000))
                .when().post("/api/v1/predictions/new-movie").then().statusCode(400)
                .body("detail", equalTo("year: must be between 1870 and 2100"));
    }

    private static void activate(int version) throws InterruptedException {
        given().header("Authorization", ADMIN).when().post("/api/v1/models/" + version + "/activate").then().statusCode(200);
    }

    @Test
    void jsonIsReadStrictlyAndErrorsNameFieldsNotClasses() {
        predict("{\"userId\": 1, \"movieIds\": [1]}}").statusCode(400)
                .body("detail", equalTo("malformed JSON at line 1, column 31"));
        predict("{\"userId\": 1, \"movieIds\": [1]} {\"userId\": 2}").statusCode(400)
                .body("detail", equalTo("malformed JSON: unexpected content after the JSON value"));
        predict("{\"userId\": 1, \"movieIds\": [1], \"foo\": 1}").statusCode(400)
                .body("errors[0].field", equalTo("foo")).body("detail", equalTo("foo: is not a known field"));
        predict("{\"userId\": 1.5, \"movieIds\": [1]}").statusCode(400).body("errors[0].field", equalTo("userId"))
                .body("detail", not(containsString("java"))).body("detail", not(containsString("Integer")));
        predict("{\"userId\": \"1\", \"movieIds\": [1]}").statusCode(400).body("errors[0].field", equalTo("userId"))
                .body("detail", equalTo("userId: expected an integer"));
        predict("{\"userId\": NaN, \"movieIds\": [1]}").statusCode(400)
                .body("detail", startsWith("malformed JSON at line 1, column ")).body("detail", not(containsString("Feature")));
        predict("null").statusCode(400).body("detail", not(containsString("PredictionRequest")));
        predict("{\"userId\": 1, \"movieIds\": {}}").statusCode(400).body("errors[0].field", equalTo("movieIds"))
                .body("detail", equalTo("movieIds: expected a list"));
        given().when().get("/api/v1/models/abc").then().statusCode(400)
                .body("detail", equalTo("invalid version: 'abc' is not an integer"));

        given().contentType(ContentType.JSON).body("{\"title\": \"A\\u0000B\"}").when().post("/api/v1/predictions/new-movie")
                .then().statusCode(400).body("detail", equalTo("title: text may not contain the NUL character"));
        given().contentType(ContentType.JSON).body(Map.of("title", "x".repeat(501))).when()
                .post("/api/v1/predictions/new-movie").then().statusCode(400).body("errors[0].field", equalTo("title"));
        given().contentType(ContentType.JSON).body(Map.of("title", "Planned", "year", 3000, "runtime", 0,
                        "actors", java.util.Collections.nCopies(101, "Someone")))
                .when().post("/api/v1/predictions/new-movie").then().statusCode(400)
                .body("errors.field", hasItems("year", "runtime", "actors"));
    }

    /**
     * A planned movie whose title continues a catalog movie's ("… 2") is scored partly as its predecessor is: its
     * prediction moves from the content's toward the user's predicted rating of the predecessor.
     */
    @Test
    void aPlannedSequelIsScoredPartlyAsItsPredecessorIs() throws Exception {
        activate(1);
        Map<String, List<Integer>> moviesByBase = new java.util.HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT movie_id, title FROM catalog.movies ORDER BY movie_id")) {
            while (rs.next()) {
                moviesByBase.computeIfAbsent(dev.recsys.model.publicrating.FranchiseKeys.titleBase(rs.getString(2)),
                        k -> new ArrayList<>()).add(rs.getInt(1));
            }
        }
        // A title no other catalog movie shares; the user's prediction of it via /predictions.
        Map.Entry<String, List<Integer>> predecessor = moviesByBase.entrySet().stream()
                .filter(e -> e.getValue().size() == 1 && !e.getKey().isBlank()).sorted(Map.Entry.comparingByKey())
                .findFirst().orElseThrow();
        int movieId = predecessor.getValue().get(0);
        double liked = given().contentType(ContentType.JSON).body(Map.of("userId", 3, "movieIds", List.of(movieId)))
                .when().post("/api/v1/predictions").then().statusCode(200).extract().jsonPath()
                .getDouble("predictions[0].rating");
        String title;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT title FROM catalog.movies WHERE movie_id = " + movieId)) {
            rs.next();
            title = rs.getString(1);
        }
        double alone = newMovieRating(Map.of("title", "Quite Unlike Anything", "genres", List.of("Drama"), "userId", 3));
        double sequel = newMovieRating(Map.of("title", title + " 2", "genres", List.of("Drama"), "userId", 3));
        double remake = newMovieRating(Map.of("title", title, "genres", List.of("Drama"), "userId", 3));
        assertTrue(Math.abs(sequel - liked) < Math.abs(alone - liked) || alone == liked,
                "sequel " + sequel + ", alone " + alone + ", predecessor " + liked);
        assertTrue(sequel >= Math.min(alone, liked) - 0.05 && sequel <= Math.max(alone, liked) + 0.05,
                "between the content's " + alone + " and the predecessor's " + liked + ": " + sequel);
        assertEquals(alone, remake, 0.05, "the same title without a sequel number is no sequel (a remake, maybe)");
    }
}
