package dev.recsys.recommendation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.hybrid.HybridModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RecsFixture.class, restrictToAnnotatedClass = true)
class BatchRunsTest extends RecsTestSupport {

    @Inject
    dev.recsys.recommendation.batch.BatchService batchService;

    @Inject
    dev.recsys.recommendation.batch.BatchRunRepository batchRuns;

    @Test
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
    void aMovieRatedAfterTheBatchDisappearsFromTheList() throws Exception {
        assertEquals("SUCCEEDED", runBatch().getString("status"), "lists to start from");
        JsonPath before = recommendations(17, 10);
        int top = before.getInt("items[0].movieId");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // A middling rating: not enough to rescore the user (LiveListsTest), so the batch list stands without it.
            s.execute("INSERT INTO catalog.ratings (user_id, movie_id, rating, rated_at) VALUES (17, " + top + ", 3.0, now())");
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
    void aFailedBatchLeavesTheOldListsServed() throws Exception {
        assertEquals("SUCCEEDED", runBatch().getString("status"), "lists to start from");
        JsonPath before = recommendations(60, 10);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER VIEW catalog.excluded_movies RENAME TO excluded_away");   // the batch cannot read exclusions
        }
        JsonPath run;
        try {
            run = runBatch();
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER VIEW catalog.excluded_away RENAME TO excluded_movies");
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
    void aShardedRunIsServedOnlyWhenAllShardsAreIn() throws Exception {
        assertEquals("SUCCEEDED", runBatch().getString("status"), "lists to start from");
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
    void shardWorkersJoinTheRunTheFirstOneRecorded() throws Exception {
        long id = batchService.runShard(0, 2, 12);
        given().when().get("/api/v1/batch-runs/" + id).then().body("status", equalTo("RUNNING"))
                .body("shards", equalTo(2)).body("itemsPerUser", equalTo(12));
        assertEquals(id, batchService.runShard(1, 2, 12), "the second worker joins the run the first recorded");
        given().when().get("/api/v1/batch-runs/" + id).then().body("status", equalTo("SUCCEEDED"));
        assertEquals(12, recommendations(3, 12).getList("items").size());
    }

    @Test
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
    @Test
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

    @Test
    void aNotInterestedMovieLeavesTheCachedBatchListAtOnceAndTheNextBatchForGood() throws Exception {
        assertEquals("SUCCEEDED", runBatch().getString("status"), "lists to start from");
        JsonPath before = recommendations(40, 10);
        assertEquals("batch", before.getString("source"));
        List<Integer> ids = before.getList("items.movieId", Integer.class);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO catalog.events (user_id, movie_id, type, occurred_at) VALUES (40, " + ids.get(0)
                    + ", 'not-interested', now())");
        }
        // The event's notice reaches the cached list like a rating's does, within milliseconds.
        JsonPath after = recommendations(40, 10);
        long deadline = System.currentTimeMillis() + 2_000;
        while (after.getList("items.movieId", Integer.class).contains(ids.get(0)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            after = recommendations(40, 10);
        }
        assertEquals(ids.subList(1, 10), after.getList("items.movieId", Integer.class).subList(0, 9));
        JsonPath excluded = given().when().get("/api/v1/users/40/recommendations?limit=5&exclude=" + ids.get(1) + "," + ids.get(2))
                .then().statusCode(200).extract().jsonPath();
        assertEquals("batch", excluded.getString("source"));
        assertEquals(ids.subList(3, 8), excluded.getList("items.movieId", Integer.class));

        assertEquals("SUCCEEDED", runBatch().getString("status"));
        JsonPath next = recommendations(40, 100);
        assertFalse(next.getList("items.movieId", Integer.class).contains(ids.get(0)), "the next batch leaves it out too");
        try (HybridModel model = activeModel()) {
            List<Integer> expected = new java.util.ArrayList<>(exactTopN(model, 40, 101));
            expected.remove(ids.get(0));
            assertEquals(expected.subList(0, 100), next.getList("items.movieId", Integer.class));
        }
    }
}
