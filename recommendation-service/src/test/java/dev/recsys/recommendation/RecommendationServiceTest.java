package dev.recsys.recommendation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.recsys.model.TopK;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ModelArtifact;
import dev.recsys.modelruntime.ModelVersionRepository;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.recommendation.catalog.CatalogLookup;
import dev.recsys.recommendation.catalog.DegradedReads;
import dev.recsys.recommendation.explain.Explanations;
import dev.recsys.recommendation.recommend.RecommendationService;
import dev.recsys.recommendation.recommend.Recommendations;
import dev.recsys.recommendation.recommend.ServingLists;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.Vetoed;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@QuarkusTest
@QuarkusTestResource(value = RecsFixture.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecommendationServiceTest {

    static final String ADMIN = "Bearer test-admin-token";

    @Inject
    AgroalDataSource dataSource;

    private HybridModel activeModel() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT artifact FROM training.model_versions WHERE status = 'ACTIVE'")) {
            rs.next();
            return ModelArtifact.read(rs.getBytes(1));
        }
    }

    private Set<Integer> rated(int userId) throws Exception {
        Set<Integer> movies = new HashSet<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT movie_id FROM catalog.ratings WHERE user_id = " + userId)) {
            while (rs.next()) {
                movies.add(rs.getInt(1));
            }
        }
        return movies;
    }

    /** The model's exact top-n over the user's unrated movies. */
    private List<Integer> exactTopN(HybridModel model, int userId, int n) throws Exception {
        float[] scores = new float[model.itemCount()];
        model.scores(model.userIndex(userId), scores);
        for (int movieId : rated(userId)) {
            scores[model.itemIndex(movieId)] = Float.NEGATIVE_INFINITY;
        }
        int[] top = new int[n];
        int found = TopK.select(scores, top);
        List<Integer> ids = new ArrayList<>();
        for (int k = 0; k < found; k++) {
            ids.add(model.itemId(top[k]));
        }
        return ids;
    }

    private static JsonPath recommendations(int userId, int limit) {
        return given().when().get("/api/v1/users/" + userId + "/recommendations?limit=" + limit)
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath runBatch() {
        long id = given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/batch-runs").then().statusCode(202).extract().jsonPath().getLong("id");
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            JsonPath run = given().when().get("/api/v1/batch-runs/" + id).then().statusCode(200).extract().jsonPath();
            if (!List.of("QUEUED", "RUNNING").contains(run.getString("status"))) {
                return run;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        fail("batch run " + id + " did not finish");
        return null;
    }

    private static void awaitModel() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline
                && given().when().get("/q/health/ready").then().extract().statusCode() != 200) {
            Thread.sleep(100);
        }
    }

    @Inject
    ModelVersionRepository versions;

    @Inject
    CatalogLookup catalogLookup;

    @Inject
    Explanations explanations;

    @Inject
    ServingLists servingLists;

    @Inject
    DegradedReads degradedReads;

    /** Hands out a new version number on every read of the served model, and counts the reads. */
    @Vetoed
    static final class SwappingServingModel extends ServingModel {
        final AtomicInteger reads = new AtomicInteger();
        private final HybridModel model;

        SwappingServingModel(ModelVersionRepository versions, AgroalDataSource dataSource, HybridModel model) {
            super(versions, dataSource);
            this.model = model;
        }

        @Override
        public Optional<Loaded> current() {
            return Optional.of(new Loaded(reads.incrementAndGet(), model, Instant.now()));
        }

        @Override
        public Loaded require() {
            return current().orElseThrow();
        }
    }

    @Test
    @Order(0)
    void aRequestReadsTheServedModelOnceSoAHotSwapCannotMixVersions() throws Exception {
        awaitModel();
        try (HybridModel model = activeModel()) {
            SwappingServingModel swapping = new SwappingServingModel(versions, dataSource, model);
            RecommendationService service = new RecommendationService(swapping, catalogLookup, explanations, servingLists,
                    degradedReads);
            Recommendations live = service.recommend(1, 10, null, true);
            assertEquals("live", live.source());
            assertEquals(1, swapping.reads.get(), "reads of the served model in one request");
            assertEquals(1L, live.modelVersion(), "the version of the one read");
            assertEquals(exactTopN(model, 1, 10), live.items().stream().map(Recommendations.Item::movieId).toList());
        }
    }

    @Test
    @Order(1)
    void withoutABatchRunUsersAreScoredLive() throws Exception {
        awaitModel();
        try (HybridModel model = activeModel()) {
            JsonPath live = recommendations(1, 10);
            assertEquals("live", live.getString("source"));
            assertEquals(exactTopN(model, 1, 10), live.getList("items.movieId", Integer.class));
        }
    }

    @Test
    @Order(2)
    void batchListsAreTheModelsExactTopNOverUnratedMovies() throws Exception {
        JsonPath run = runBatch();
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        assertEquals(100, run.getInt("itemsPerUser"));
        assertEquals(150, run.getInt("users"));
        assertEquals(150, run.getInt("progress.done"));
        try (HybridModel model = activeModel()) {
            for (int userId : List.of(1, 17, 60, 150)) {
                JsonPath recs = recommendations(userId, 100);
                assertEquals("batch", recs.getString("source"));
                List<Integer> served = recs.getList("items.movieId", Integer.class);
                assertEquals(exactTopN(model, userId, 100), served, "user " + userId);
                Set<Integer> rated = rated(userId);
                assertTrue(served.stream().noneMatch(rated::contains), "no rated movie for user " + userId);
            }
        }
        JsonPath first = recommendations(17, 3);
        assertEquals(List.of(1, 2, 3), first.getList("items.rank", Integer.class));
        assertTrue(first.getDouble("items[0].predictedRating") >= 0.5 && first.getDouble("items[0].predictedRating") <= 5);
    }

    @Test
    @Order(3)
    void aMovieRatedAfterTheBatchDisappearsFromTheList() throws Exception {
        JsonPath before = recommendations(17, 10);
        int top = before.getInt("items[0].movieId");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO catalog.ratings (user_id, movie_id, rating, rated_at) VALUES (17, " + top + ", 4.5, now())");
        }
        // The rating reaches the cached list through a database notice, within milliseconds.
        JsonPath after = recommendations(17, 10);
        long deadline = System.currentTimeMillis() + 2_000;
        while (after.getList("items.movieId", Integer.class).contains(top) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            after = recommendations(17, 10);
        }
        assertEquals("batch", after.getString("source"));
        assertFalse(after.getList("items.movieId", Integer.class).contains(top));
        assertEquals(before.getList("items.movieId", Integer.class).subList(1, 10),
                after.getList("items.movieId", Integer.class).subList(0, 9));
    }

    @Test
    @Order(4)
    void aFailedBatchLeavesTheOldListsServed() throws Exception {
        JsonPath before = recommendations(60, 10);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE catalog.ratings RENAME TO ratings_away");
        }
        JsonPath run;
        try {
            run = runBatch();
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE catalog.ratings_away RENAME TO ratings");
            }
        }
        assertEquals("FAILED", run.getString("status"));
        assertTrue(run.getString("error").endsWith("The previous recommendations are still served."), run.getString("error"));
        JsonPath after = recommendations(60, 10);
        assertEquals("batch", after.getString("source"));
        assertEquals(before.getString("generatedAt"), after.getString("generatedAt"));
        assertEquals(before.getList("items.movieId"), after.getList("items.movieId"));
    }

    @Test
    @Order(5)
    void unknownUsersGetPopularMoviesAndBadParametersAreRefused() {
        JsonPath popular = recommendations(999_999, 5);
        assertEquals("popular", popular.getString("source"));
        assertEquals(5, popular.getList("items").size());
        given().when().get("/api/v1/users/1/recommendations?limit=0").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        given().when().get("/api/v1/users/1/recommendations?limit=100000").then().statusCode(400);
        given().when().get("/api/v1/users/1/recommendations?genre=Polka").then().statusCode(400)
                .body("errors[0].field", equalTo("genre")).body("detail", containsString("unknown genre 'Polka'"));
        JsonPath drama = given().when().get("/api/v1/users/1/recommendations?genre=Drama&limit=5").then().statusCode(200)
                .extract().jsonPath();
        for (List<String> genres : drama.<List<String>>getList("items.genres")) {
            assertTrue(genres.contains("Drama"), genres.toString());
        }
        given().contentType(ContentType.JSON).body(Map.of()).when().post("/api/v1/batch-runs").then().statusCode(401);
        given().when().get("/api/v1/batch-runs/424242").then().statusCode(404);
        // Path and query values are strict and named: no silent false, no 404 for a malformed id.
        given().when().get("/api/v1/users/1/recommendations?explain=maybe").then().statusCode(400)
                .body("detail", equalTo("invalid explain: 'maybe' is not true or false"));
        given().when().get("/api/v1/users/abc/recommendations").then().statusCode(400)
                .body("errors[0].field", equalTo("userId")).body("detail", equalTo("invalid userId: 'abc' is not an integer"));
        given().when().get("/api/v1/users/1/recommendations?limit=99999999999").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        given().when().get("/api/v1/users/1/recommendations?genre=Dra%00ma").then().statusCode(400)
                .contentType("application/problem+json");
        // A visitor's ratings are capped, with the reason.
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 1; i <= 1_001; i++) {
            many.add(Map.of("movieId", i, "rating", 4.0));
        }
        given().contentType(ContentType.JSON).body(Map.of("ratings", many)).when().post("/api/v1/recommendations/anonymous")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", equalTo("at most 1000 ratings per visitor; this request has 1001"));
        given().contentType(ContentType.JSON).body("{\"ratings\": [{\"movieId\": 1, \"rating\": 4}], \"foo\": 1}")
                .when().post("/api/v1/recommendations/anonymous").then().statusCode(400)
                .body("errors[0].field", equalTo("foo")).body("errors[0].message", equalTo("is not a known field"));
    }

    @Test
    @Order(5)
    void similarPopularAndAnonymousVisitors() throws Exception {
        try (HybridModel model = activeModel()) {
            int movieId = model.itemId(0);
            JsonPath similar = given().when().get("/api/v1/movies/" + movieId + "/similar?limit=5").then().statusCode(200)
                    .extract().jsonPath();
            float[] expected = new float[model.itemCount()];
            model.similarities(0, expected);
            int[] top = new int[5];
            TopK.select(expected, top);
            List<Integer> ids = new ArrayList<>();
            for (int k : top) {
                ids.add(model.itemId(k));
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
            assertEquals(10, visitor.getList("items").size());
            assertEquals(List.of(987_654_321), visitor.getList("unknownMovieIds", Integer.class));
            assertTrue(visitor.getList("items.movieId", Integer.class).stream().noneMatch(liked::contains));
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

    @Test
    @Order(5)
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
            List<Integer> movies = List.of(model.itemId(5), model.itemId(9), model.itemId(2), 123_456_789);
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
            assertEquals(Math.max(0.5, Math.min(5.0, model.predict(user, model.itemIndex(first)))), ratings.get(0), 1e-6);
        }
        given().contentType(ContentType.JSON).body(Map.of("movieIds", List.of()))
                .when().post("/api/v1/users/17/recommendations/rank").then().statusCode(400);
    }

    @Inject
    dev.recsys.recommendation.batch.BatchService batchService;

    @Test
    @Order(7)
    void aShardedRunIsServedOnlyWhenAllShardsAreIn() throws Exception {
        long serving = recommendations(60, 5).getLong("modelVersion");
        String before = recommendations(60, 5).getString("generatedAt");
        long id = given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("shards", 2, "limit", 20))
                .when().post("/api/v1/batch-runs").then().statusCode(202).body("shards", equalTo(2))
                .body("status", equalTo("QUEUED")).extract().jsonPath().getLong("id");

        assertEquals(id, batchService.runShard(1, 2, 10));
        given().when().get("/api/v1/batch-runs/" + id).then().body("status", equalTo("RUNNING"));
        assertEquals(before, recommendations(60, 5).getString("generatedAt"), "one shard in: old lists still served");

        assertEquals(id, batchService.runShard(0, 2, 10));
        given().when().get("/api/v1/batch-runs/" + id).then().body("status", equalTo("SUCCEEDED"));
        try (HybridModel model = activeModel()) {
            for (int userId : List.of(1, 2, 99, 150)) {
                JsonPath recs = recommendations(userId, 20);
                assertEquals("batch", recs.getString("source"));
                assertFalse(before.equals(recs.getString("generatedAt")));
                assertEquals(exactTopN(model, userId, 20), recs.getList("items.movieId", Integer.class), "user " + userId);
            }
        }
        assertEquals(serving, recommendations(60, 5).getLong("modelVersion"));
    }

    @Test
    @Order(8)
    void shardWorkersRecordTheirRunAndTheOneShotRunServesEveryUser() throws Exception {
        long id = batchService.runShard(0, 2, 12);
        given().when().get("/api/v1/batch-runs/" + id).then().body("status", equalTo("RUNNING"))
                .body("shards", equalTo(2)).body("itemsPerUser", equalTo(12));
        assertEquals(id, batchService.runShard(1, 2, 12), "the second worker joins the run the first recorded");
        given().when().get("/api/v1/batch-runs/" + id).then().body("status", equalTo("SUCCEEDED"));

        assertTrue(batchService.runOnce(15));
        JsonPath latest = given().when().get("/api/v1/batch-runs?limit=1").then().statusCode(200).extract().jsonPath();
        assertEquals("SUCCEEDED", latest.getString("[0].status"));
        assertEquals(15, latest.getInt("[0].itemsPerUser"));
        try (HybridModel model = activeModel()) {
            JsonPath recs = recommendations(3, 15);
            assertEquals("batch", recs.getString("source"));
            assertEquals(exactTopN(model, 3, 15), recs.getList("items.movieId", Integer.class));
        }
    }

    @Test
    @Order(6)
    void aSecondBatchWhileOneRunsIsRefused() throws Exception {
        // A run in progress (on this or another replica), recorded as such.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO recs.batch_runs (status, items_per_user) VALUES ('RUNNING', 100)");
        }
        try {
            given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of())
                    .when().post("/api/v1/batch-runs").then().statusCode(409).contentType("application/problem+json");
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE recs.batch_runs SET status = 'FAILED' WHERE status = 'RUNNING'");
            }
        }
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("limit", 0))
                .when().post("/api/v1/batch-runs").then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    @Test
    @Order(12)
    void aCancelledBatchEndsAtOnceRemovesItsListsAndLeavesTheServedOnes() throws Exception {
        JsonPath before = recommendations(60, 10);
        // A sharded run waits for shard workers; cancelled while queued, it ends at once.
        long id = given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("shards", 3))
                .when().post("/api/v1/batch-runs").then().statusCode(202).extract().jsonPath().getLong("id");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO recs.user_recommendations (batch_run_id, user_id, movie_ids, scores) "
                    + "VALUES (" + id + ", 60, '{1,2}', '{0.9,0.8}')");   // a shard worker's partial output
        }
        given().when().post("/api/v1/batch-runs/" + id + "/cancel").then().statusCode(401);
        given().header("Authorization", ADMIN).when().post("/api/v1/batch-runs/" + id + "/cancel").then().statusCode(202)
                .body("status", equalTo("CANCELLED"));
        JsonPath run = given().when().get("/api/v1/batch-runs/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("CANCELLED", run.getString("status"));
        assertEquals("cancelled on request; its partial lists were removed. The previous recommendations are still served.",
                run.getString("error"));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM recs.user_recommendations WHERE batch_run_id = " + id)) {
            rs.next();
            assertEquals(0, rs.getInt(1), "partial lists removed at once");
        }
        assertEquals(before.getList("items.movieId"), recommendations(60, 10).getList("items.movieId"));
        given().header("Authorization", ADMIN).when().post("/api/v1/batch-runs/" + id + "/cancel").then().statusCode(409);
        given().header("Authorization", ADMIN).when().post("/api/v1/batch-runs/424242/cancel").then().statusCode(404);
        assertEquals("SUCCEEDED", runBatch().getString("status"), "the next batch may start");
    }

    @Inject
    dev.recsys.recommendation.batch.BatchRunRepository batchRuns;

    @Test
    @Order(13)
    void runsLeftByThisWorkersPreviousProcessAndUnclaimedShardedRunsFailWithTheReason() throws Exception {
        long orphan;
        long unclaimed;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("INSERT INTO recs.batch_runs (status, items_per_user, worker) "
                    + "VALUES ('RUNNING', 100, 'restarted-host:8080') RETURNING id")) {
                rs.next();
                orphan = rs.getLong(1);
            }
            s.execute("INSERT INTO recs.user_recommendations (batch_run_id, user_id, movie_ids, scores) "
                    + "VALUES (" + orphan + ", 60, '{1,2}', '{0.9,0.8}')");
            assertEquals(1, batchRuns.failOrphaned("restarted-host:8080"));
            assertEquals(0, batchRuns.failOrphaned("another-host:8080"));
            try (ResultSet rs = s.executeQuery("SELECT status, error FROM recs.batch_runs WHERE id = " + orphan)) {
                rs.next();
                assertEquals("FAILED", rs.getString(1));
                assertEquals("the recommendation-service process running this batch restarted before it finished; "
                        + "the previous lists are still served", rs.getString(2));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM recs.user_recommendations WHERE batch_run_id = " + orphan)) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the failed run's partial lists are removed at once");
            }
            try (ResultSet rs = s.executeQuery("INSERT INTO recs.batch_runs (status, items_per_user, shards, created_at) "
                    + "VALUES ('QUEUED', 100, 4, now() - interval '20 minutes') RETURNING id")) {
                rs.next();
                unclaimed = rs.getLong(1);
            }
            assertEquals(0, batchRuns.failAbandoned(120), "a queued sharded run waits for its workers, not for heartbeats");
            assertEquals(1, batchRuns.failUnclaimed(600));
            try (ResultSet rs = s.executeQuery("SELECT status, error FROM recs.batch_runs WHERE id = " + unclaimed)) {
                rs.next();
                assertEquals("FAILED", rs.getString(1));
                assertTrue(rs.getString(2).startsWith("no shard worker took up this run within 600 s "
                        + "(recsys.batch.unclaimed-timeout-seconds)"), rs.getString(2));
            }
        }
    }
}
