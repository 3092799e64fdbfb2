package dev.recsys.recommendation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.modelruntime.ModelVersionRepository;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.recommendation.experiment.Assignment;
import dev.recsys.recommendation.experiment.Experiment;
import dev.recsys.recommendation.experiment.ExperimentService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RecsFixture.class, restrictToAnnotatedClass = true)
class ExperimentsTest extends RecsTestSupport {

    @Inject
    ExperimentService experimentService;

    @Inject
    ModelVersionRepository versions;

    @Inject
    ServingModel serving;

    private static final Map<String, Object> FIFTY_FIFTY = Map.of("name", "candidate vs active", "variants", List.of(
            Map.of("name", "control", "model", "active", "share", 50),
            Map.of("name", "candidate", "model", "2", "share", 50)));

    /** Version 2: a registered candidate (a copy of version 1's artifact), and no experiment running. */
    @BeforeEach
    void candidateVersionAndNoRunningExperiment() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO training.model_versions (training_run_id, status, params, metrics, data_snapshot, "
                    + "training_curve, artifact_format, artifact_sha256, artifact) SELECT training_run_id, 'CANDIDATE', params, "
                    + "metrics, data_snapshot, training_curve, artifact_format, artifact_sha256, artifact "
                    + "FROM training.model_versions WHERE version = 1 AND NOT EXISTS (SELECT 1 FROM training.model_versions "
                    + "WHERE version = 2)");
            s.execute("UPDATE recs.experiments SET status = 'STOPPED', stopped_at = now() WHERE status = 'RUNNING'");
        }
        if (versions.activeVersion().orElse(1L) != 1L) {
            serving.activate(1);
        }
    }

    private static JsonPath start(Map<String, Object> body) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/experiments").then().statusCode(201)
                .header("Location", containsString("/api/v1/experiments/")).extract().jsonPath();
    }

    @Test
    void aBadExperimentIsRefusedWithEveryWrongField() {
        given().contentType(ContentType.JSON).body(FIFTY_FIFTY).when().post("/api/v1/experiments").then().statusCode(401);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("name", " ", "variants", List.of(
                        Map.of("name", "a", "model", "active", "share", 60),
                        Map.of("name", "a", "model", "99", "share", 30),
                        Map.of("name", "c d", "model", "latest", "share", 0))))
                .when().post("/api/v1/experiments").then().statusCode(400)
                .body("errors.field", hasItems("name", "variants[1].name", "variants[1].model", "variants[2].name",
                        "variants[2].model", "variants[2].share", "variants"))
                .body("errors.find { it.field == 'variants[1].model' }.message", equalTo("there is no model version 99"))
                .body("errors.find { it.field == 'variants' }.message", equalTo("the shares must sum to 100; they sum to 90"));
        given().when().get("/api/v1/experiments/999").then().statusCode(404);
        given().when().get("/api/v1/experiments/999/results").then().statusCode(404);
    }

    @Test
    void usersSeeTheirVariantsModelAndAnExperimentRunsAlone() {
        JsonPath created = start(FIFTY_FIFTY);
        long id = created.getLong("id");
        assertEquals("RUNNING", created.getString("status"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(FIFTY_FIFTY)
                .when().post("/api/v1/experiments").then().statusCode(409);
        Experiment experiment = experimentService.find(id).orElseThrow();

        int candidates = 0;
        for (int userId = 1; userId <= 60; userId++) {
            JsonPath recs = recommendations(userId, 10);
            String variant = Assignment.variantOf(experiment, userId).name();
            assertEquals(id, recs.getLong("experiment"), "user " + userId);
            assertEquals(variant, recs.getString("variant"), "user " + userId);
            assertEquals(variant, recommendations(userId, 10).getString("variant"), "user " + userId + " switched variant");
            if (variant.equals("candidate")) {
                candidates++;
                assertEquals(2, recs.getLong("modelVersion"), "candidate users are scored by version 2");
            } else {
                assertEquals(1, recs.getLong("modelVersion"), "control users see the active version");
            }
            assertEquals(10, recs.getList("items").size());
        }
        assertTrue(candidates > 15 && candidates < 45, candidates + " of 60 users in the candidate variant");

        given().header("Authorization", ADMIN).when().post("/api/v1/experiments/" + id + "/stop").then().statusCode(200)
                .body("status", equalTo("STOPPED"));
        given().header("Authorization", ADMIN).when().post("/api/v1/experiments/" + id + "/stop").then().statusCode(409);
        JsonPath after = recommendations(3, 10);
        assertNull(after.get("experiment"), "after the stop nobody is in the experiment");
        assertEquals(1, after.getLong("modelVersion"));
        given().when().get("/api/v1/experiments").then().statusCode(200).body("[0].id", equalTo((int) id));
    }

    @Test
    void aBatchRunScoresEachVariantsUsersWithItsVersionAndTheListsEndWithTheExperiment() throws Exception {
        long id = start(FIFTY_FIFTY).getLong("id");
        Experiment experiment = experimentService.find(id).orElseThrow();
        long run = runBatch().getLong("id");

        Map<Integer, Long> listVersions = new java.util.HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT user_id, model_version FROM recs.user_recommendations "
                     + "WHERE batch_run_id = " + run)) {
            while (rs.next()) {
                listVersions.put(rs.getInt(1), rs.getObject(2) == null ? null : rs.getLong(2));
            }
        }
        int candidates = 0;
        for (int userId = 1; userId <= 60; userId++) {
            boolean candidate = Assignment.variantOf(experiment, userId).name().equals("candidate");
            assertTrue(listVersions.containsKey(userId), "user " + userId + " has a list");
            assertEquals(candidate ? 2L : null, listVersions.get(userId), "the version that scored user " + userId);
            JsonPath recs = recommendations(userId, 10);
            assertEquals("batch", recs.getString("source"), "user " + userId);
            assertEquals(candidate ? 2 : 1, recs.getLong("modelVersion"), "user " + userId);
            candidates += candidate ? 1 : 0;
        }
        assertTrue(candidates > 15 && candidates < 45, candidates + " of 60 users in the candidate variant");

        given().header("Authorization", ADMIN).when().post("/api/v1/experiments/" + id + "/stop").then().statusCode(200);
        for (int userId = 1; userId <= 60; userId++) {
            JsonPath recs = recommendations(userId, 10);
            assertEquals(1, recs.getLong("modelVersion"), "after the stop user " + userId + " sees the active version");
            boolean candidate = Assignment.variantOf(experiment, userId).name().equals("candidate");
            assertEquals(candidate ? "live" : "batch", recs.getString("source"),
                    "a candidate's list was scored by version 2, so user " + userId + " is scored live until the next batch");
        }
    }

    @Test
    void anExperimentPastItsEndStopsByItself() throws Exception {
        Map<String, Object> ending = new java.util.HashMap<>(FIFTY_FIFTY);
        ending.put("endsAt", Instant.now().plusSeconds(3600).toString());
        long id = start(ending).getLong("id");
        assertEquals(id, recommendations(4, 5).getLong("experiment"));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE recs.experiments SET ends_at = now() - interval '1 second' WHERE id = " + id);
        }
        assertNull(recommendations(4, 5).get("experiment"), "past its end nobody is in the experiment");
        given().when().get("/api/v1/experiments/" + id).then().statusCode(200).body("status", equalTo("STOPPED"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "ended", "endsAt", "2020-01-01T00:00:00Z", "variants", FIFTY_FIFTY.get("variants")))
                .when().post("/api/v1/experiments").then().statusCode(400)
                .body("errors.field", hasItems("endsAt")).body("errors[0].message", equalTo("must be in the future"));
    }

    @Test
    void promotingAVariantActivatesItsVersionAndStopsTheExperiment() throws Exception {
        long id = start(FIFTY_FIFTY).getLong("id");
        given().header("Authorization", ADMIN).when().post("/api/v1/experiments/" + id + "/promote/nope").then()
                .statusCode(404).body("detail", containsString("has no variant 'nope'"));
        given().header("Authorization", ADMIN).when().post("/api/v1/experiments/" + id + "/promote/candidate").then()
                .statusCode(200).body("status", equalTo("STOPPED")).body("promotedVariant", equalTo("candidate"));
        assertEquals(2L, versions.activeVersion().orElseThrow(), "the registry's active version, for every replica");
        assertEquals(2L, serving.current().orElseThrow().version());
        assertEquals(2, recommendations(5, 10).getLong("modelVersion"));
        given().header("Authorization", ADMIN).when().post("/api/v1/experiments/" + id + "/promote/control").then()
                .statusCode(409);
    }

    @Test
    void resultsCountEachVariantsUsersAndFindTheBetterOne() throws Exception {
        long id = start(FIFTY_FIFTY).getLong("id");
        Experiment experiment = experimentService.find(id).orElseThrow();
        // Everything happens inside the experiment's window (its start to now).
        Instant shownAt = experiment.createdAt().plusMillis(10);
        int[] exposed = new int[2];
        try (Connection c = dataSource.getConnection();
             PreparedStatement events = c.prepareStatement("INSERT INTO catalog.events (user_id, movie_id, type, occurred_at) "
                     + "VALUES (?, ?, ?, ?)");
             PreparedStatement ratings = c.prepareStatement("INSERT INTO catalog.ratings (user_id, movie_id, rating, rated_at) "
                     + "VALUES (?, ?, 4.0, ?) ON CONFLICT DO NOTHING")) {
            for (int userId = 1; userId <= 150; userId++) {
                boolean candidate = Assignment.variantOf(experiment, userId).name().equals("candidate");
                exposed[candidate ? 1 : 0]++;
                for (int k = 0; k < 10; k++) {
                    int movieId = 100_000 + k;   // unrated ids: the events need no catalog movie
                    add(events, userId, movieId, "impression", shownAt.plusMillis(k));
                    // Candidate users click 4 of 10, control users 1 of 10 (every tenth user clicks nothing).
                    if (k < (candidate ? 4 : 1) && userId % 10 != 0) {
                        add(events, userId, movieId, "click", shownAt.plusMillis(20 + k));
                    }
                }
                add(events, userId, 100_000, "watch", shownAt.plusMillis(40));
                ratings.setInt(1, userId);
                ratings.setInt(2, 100_001);
                ratings.setTimestamp(3, Timestamp.from(shownAt.plusMillis(50)));
                ratings.executeUpdate();
            }
            events.executeBatch();
        }
        Thread.sleep(Math.max(0, shownAt.plusMillis(100).toEpochMilli() - System.currentTimeMillis()));   // the window ends now

        JsonPath results = given().when().get("/api/v1/experiments/" + id + "/results").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("control", "candidate"), results.getList("variants.name"));
        assertEquals(exposed[0], results.getInt("variants[0].usersExposed"));
        assertEquals(exposed[1], results.getInt("variants[1].usersExposed"));
        assertEquals(exposed[0] * 10L, results.getLong("variants[0].impressions"));
        assertEquals(0.09, results.getDouble("variants[0].clickThroughRate.value"), 0.02);
        assertEquals(0.36, results.getDouble("variants[1].clickThroughRate.value"), 0.05);
        // Two of each user's ten shown movies were later watched or rated (and rated 4.0).
        assertEquals(0.2, results.getDouble("variants[1].laterRatedOrWatched.value"), 1e-9);
        assertEquals(4.0, results.getDouble("variants[1].meanLaterRating.value"), 1e-9);
        assertNull(results.get("variants[0].vsControl"));
        assertEquals(true, results.getBoolean("variants[1].vsControl.clickThroughRate.significant"));
        assertTrue(results.getDouble("variants[1].vsControl.clickThroughRate.low") > 0);
        assertEquals(7, results.getInt("conversionWindowDays"));
    }

    private static void add(PreparedStatement events, int userId, int movieId, String type, Instant at) throws Exception {
        events.setInt(1, userId);
        events.setInt(2, movieId);
        events.setString(3, type);
        events.setTimestamp(4, Timestamp.from(at));
        events.addBatch();
    }
}
