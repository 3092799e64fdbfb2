package dev.recsys.training;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.eval.Evaluator;
import dev.recsys.model.eval.Split;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.HybridTrainer;
import dev.recsys.model.hybrid.ModelArtifact;
import dev.recsys.client.JobPolling;
import dev.recsys.training.dataset.CatalogDataset;
import dev.recsys.training.run.TrainingRunRepository;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = CatalogFixture.class, restrictToAnnotatedClass = true, initArgs = {
    @ResourceArg(name = "users", value = "400"), @ResourceArg(name = "movies", value = "1000"),
    @ResourceArg(name = "ratings", value = "50000")})
class TrainingRunTest {

    static final String ADMIN = "Bearer test-admin-token";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CatalogDataset dataset;

    static JsonPath train(Map<String, Object> body) {
        long id = given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/training-runs")
                .then().statusCode(202).extract().jsonPath().getLong("id");
        return awaitFinished(id);
    }

    static JsonPath awaitFinished(long id) {
        return JobPolling.awaitFinished("training run " + id, Duration.ofMinutes(3), Duration.ofMillis(200),
                () -> given().when().get("/api/v1/training-runs/" + id).then().statusCode(200).extract().jsonPath(),
                run -> run.getString("status"));
    }

    @Test
    void trainsEvaluatesAgainstBaselinesRegistersAndActivates() throws Exception {
        JsonPath run = train(Map.of("activate", "always"));
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        double rmse = run.getDouble("metrics.model.rmse");
        assertTrue(rmse < run.getDouble("metrics.baselines.bias.rmse"), run.prettify());
        assertTrue(run.getDouble("metrics.model.ndcgAt10") > run.getDouble("metrics.baselines.popularity.ndcgAt10"),
                run.prettify());
        assertTrue(run.getDouble("metrics.baselines.globalMean.rmse") > run.getDouble("metrics.baselines.bias.rmse"));
        assertNull(run.get("metrics.baselines.popularity.rmse"), "popularity cannot predict ratings");
        int allRatings;
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM catalog.ratings")) {
            rs.next();
            allRatings = rs.getInt(1);
        }
        assertEquals(allRatings, run.getInt("metrics.evaluation.servedRatings"), "the served version is refit on every rating");
        assertTrue(run.getInt("metrics.evaluation.trainRatings") + run.getInt("metrics.evaluation.testRatings") < allRatings,
                "the fresh users' ratings sit out the evaluated fit");
        // Where the run's time went, phase by phase, in run order.
        assertEquals(List.of("baselines", "tuning", "evaluated fit", "evaluation", "cold movies", "fresh users", "refit",
                "public rating"), run.getList("metrics.phases.name", String.class), run.prettify());
        // This catalog has no IMDb ratings: no IMDb-rating model, and the version says why.
        String noImdb = "the training catalog had no IMDb or TMDB ratings (load IMDb's title.ratings or TMDB's metadata to get them)";
        assertEquals(noImdb, run.getString("metrics.publicRating.absentReason"), run.prettify());
        assertNull(run.get("metrics.publicRating.model"));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT public_rating IS NULL, public_rating_absent FROM training.model_versions "
                     + "WHERE version = " + run.getLong("modelVersion"))) {
            assertTrue(rs.next());
            assertTrue(rs.getBoolean(1));
            assertEquals(noImdb, rs.getString(2));
        }
        assertTrue(run.getFloat("metrics.phases.find { it.name == 'evaluated fit' }.seconds") > 0
                && run.getFloat("metrics.phases.find { it.name == 'refit' }.seconds") > 0, run.prettify());
        // Fresh users: a list from their first ten ratings, against the plain fold-in and most-popular.
        assertEquals(10, run.getInt("metrics.freshUsers.given"), run.prettify());
        assertTrue(run.getInt("metrics.freshUsers.users") > 0, run.prettify());
        for (String scorer : List.of("model", "foldIn", "popularity")) {
            double ndcg = run.getDouble("metrics.freshUsers." + scorer + ".ndcgAt10");
            assertTrue(ndcg > 0 && ndcg <= 1, scorer + " " + run.prettify());
        }
        assertNull(run.get("metrics.baselines.globalMean.ndcgAt10"), "the global mean cannot rank");
        // Tuning chose the epochs by early stopping (at most the default 20) and recorded every trial.
        int chosenEpochs = run.getInt("metrics.tuning.chosen.epochs");
        assertTrue(chosenEpochs >= 1 && chosenEpochs <= 20, run.prettify());
        assertEquals(chosenEpochs, run.getList("epochs").size(), "the evaluated fit trains the chosen epochs");
        assertEquals(3, run.getList("metrics.tuning.trials.findAll { it.head == 'rating' }").size(), run.prettify());
        assertTrue(run.getList("metrics.tuning.trials.findAll { it.head == 'itemItem' }").size() >= 1);
        assertEquals("0.01", run.getString("params.learningRate"), "the default learning rate, as written");
        assertTrue(run.getDouble("metrics.baselines.ease.ndcgAt10") > 0, run.prettify());
        assertTrue(run.getDouble("metrics.baselines.itemKnn.ndcgAt10") > 0, run.prettify());
        double coverage = run.getDouble("metrics.model.coverageAt10");
        assertTrue(coverage > 0 && coverage <= 1, run.prettify());
        // Beyond accuracy: every knob setting's lists, the plain one first and measuring what the model's lists do.
        assertEquals(10, run.getList("metrics.tradeOffs").size(), run.prettify());
        assertEquals(0.0, run.getDouble("metrics.tradeOffs[0].diversity"));
        assertEquals(0.0, run.getDouble("metrics.tradeOffs[0].novelty"));
        assertEquals(run.getDouble("metrics.model.ndcgAt10"), run.getDouble("metrics.tradeOffs[0].ndcgAt10"), 1e-6);
        assertEquals(0.3, run.getDouble("metrics.tradeOffs[3].diversity"), 1e-9);
        assertEquals(0.7, run.getDouble("metrics.tradeOffs[7].novelty"), 1e-9);
        assertTrue(run.getDouble("metrics.tradeOffs[7].coverageAt10") > coverage, "novelty widens the lists: " + run.prettify());
        assertTrue(run.getDouble("metrics.tradeOffs[3].intraListDiversity") > run.getDouble("metrics.tradeOffs[0].intraListDiversity"),
                "diversity varies the lists: " + run.prettify());
        assertTrue(run.getInt("metrics.coldMovies.movies") > 0, run.prettify());
        assertTrue(run.getDouble("metrics.coldMovies.rmse") > 0, run.prettify());
        assertEquals(run.getLong("progress.total"), run.getLong("progress.done"));
        assertEquals("samples", run.getString("progress.unit"));
        assertTrue(run.getBoolean("activated"));
        long version = run.getLong("modelVersion");

        // The version carries its taste segments: every user in exactly one, each with a profile.
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT segments::text FROM training.model_versions WHERE version = "
                     + version)) {
            rs.next();
            JsonPath segments = new JsonPath(rs.getString(1));
            int k = segments.getInt("k");
            assertTrue(k >= 2 && k <= 8, "k " + k);
            assertEquals(k, segments.getList("segments").size());
            assertEquals(400, segments.getList("segments.users", Integer.class).stream().mapToInt(Integer::intValue).sum());
            // A centroid is a point in the served model's user-vector space: an ensemble of three 32-d heads is 96-d.
            assertEquals(run.getInt("params.embeddingDim") * HybridTrainer.ENSEMBLE_MEMBERS,
                    segments.getList("segments[0].centroid").size());
            assertTrue(segments.getDouble("segments[0].meanRating") > 0.5);
        }

        // The stored artifact is the refit on all ratings: it has seen the held-out ones, so it fits them better.
        byte[] artifact;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status, artifact FROM training.model_versions WHERE version = " + version)) {
            rs.next();
            assertEquals("ACTIVE", rs.getString(1));
            artifact = rs.getBytes(2);
        }
        CatalogDataset.Loaded loaded = dataset.load();
        Split split = Split.of(loaded.ratings(), Split.Kind.RANDOM, 0.1, 42);
        try (HybridModel model = ModelArtifact.read(artifact)) {
            Evaluator evaluator = new Evaluator(loaded.ratings(), split, 5000, 42);
            assertTrue(evaluator.errors(model::predict).rmse() < rmse, "served model refit on all ratings");
            assertEquals(loaded.ratings().userCount(), model.userCount());
            assertEquals(run.getInt("params.embeddingDim") * HybridTrainer.ENSEMBLE_MEMBERS, model.dimension());
        }

        // activate=never registers a candidate and leaves the active version active.
        JsonPath candidate = train(Map.of("epochs", 2, "activate", "never", "tune", false, "relevantRating", 4.5));
        assertEquals("SUCCEEDED", candidate.getString("status"));
        // A stricter relevance: fewer users have a held-out rating of 4.5 or more to rank for.
        assertEquals(4.5, candidate.getDouble("metrics.evaluation.relevantRating"));
        assertEquals(4.0, run.getDouble("metrics.evaluation.relevantRating"));
        assertTrue(candidate.getInt("metrics.evaluation.rankedUsers") < run.getInt("metrics.evaluation.rankedUsers"),
                candidate.prettify());
        assertFalse(candidate.getBoolean("activated"));
        assertEquals("ACTIVE", versionStatus(version));
        assertEquals("CANDIDATE", versionStatus(candidate.getLong("modelVersion")));

        // if-better refuses a model worse than the bias baseline (one epoch at a tiny learning rate).
        JsonPath weak = train(Map.of("epochs", 1, "learningRate", 0.00001, "tune", false));
        assertEquals("SUCCEEDED", weak.getString("status"));
        assertFalse(weak.getBoolean("activated"), weak.prettify());
        assertEquals("ACTIVE", versionStatus(version));
    }

    private String versionStatus(long version) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status FROM training.model_versions WHERE version = " + version)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Inject
    dev.recsys.training.run.TrainingRunRepository runs;

    @Test
    void aRunWhoseProcessDiedIsMarkedFailedAndRegistersNothing() throws Exception {
        long versionsBefore;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM training.model_versions")) {
                rs.next();
                versionsBefore = rs.getLong(1);
            }
            // A run left RUNNING by a process that stopped sending heartbeats ten minutes ago.
            s.execute("INSERT INTO training.training_runs (status, params, started_at, heartbeat_at) "
                    + "VALUES ('RUNNING', '{}', now() - interval '11 minutes', now() - interval '10 minutes')");
        }
        assertEquals(1, runs.failAbandoned(120));
        JsonPath latest = given().when().get("/api/v1/training-runs?limit=1").then().statusCode(200).extract().jsonPath();
        assertEquals("FAILED", latest.getString("[0].status"));
        assertTrue(latest.getString("[0].error").contains("stopped before it finished; no model version was registered"));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM training.model_versions")) {
            rs.next();
            assertEquals(versionsBefore, rs.getLong(1));
        }
    }

    @Test
    void impossibleParametersAreRefusedWithTheField() {
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("epochs", 0), Map.of("embeddingDim", 100000),
                Map.of("learningRate", -0.1), Map.of("split", "sideways"), Map.of("holdoutFraction", 0.9),
                Map.of("activate", "maybe"), Map.of("relevantRating", 6.0), Map.of("tune", "sometimes"))) {
            String field = body.keySet().iterator().next();
            given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/training-runs")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo(field));
        }
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("split", "sideways"))
                .when().post("/api/v1/training-runs").then().statusCode(400)
                .body("errors[0].message", equalTo("must be 'random' or 'temporal'"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("activate", 1))
                .when().post("/api/v1/training-runs").then().statusCode(400).body("errors[0].field", equalTo("activate"))
                .body("errors[0].message", equalTo("must be 'never', 'if-better' or 'always'"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"epochs\": \"many\"}")
                .when().post("/api/v1/training-runs").then().statusCode(400).body("errors[0].field", equalTo("epochs"));
        given().contentType(ContentType.JSON).body(Map.of()).when().post("/api/v1/training-runs").then().statusCode(401);
        given().when().get("/api/v1/training-runs/999999").then().statusCode(404)
                .body("detail", equalTo("no training run with id 999999"));
    }

    @Test
    void aRunningTrainingCanBeCancelledAndRegistersNothing() throws Exception {
        long versionsBefore = countVersions();
        long id = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("epochs", 50, "tune", false))
                .when().post("/api/v1/training-runs").then().statusCode(202).extract().jsonPath().getLong("id");
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Number done = given().when().get("/api/v1/training-runs/" + id).then().extract().jsonPath().get("progress.done");
            if (done != null && done.longValue() > 0) {
                break;
            }
            Thread.sleep(100);
        }
        given().when().post("/api/v1/training-runs/" + id + "/cancel").then().statusCode(401);
        given().header("Authorization", ADMIN).when().post("/api/v1/training-runs/" + id + "/cancel").then().statusCode(202);
        long cancelledAt = System.currentTimeMillis();
        JsonPath run = awaitFinished(id);
        assertEquals("CANCELLED", run.getString("status"));
        assertTrue(System.currentTimeMillis() - cancelledAt < 10_000, "stopped within seconds");
        assertEquals("cancelled on request. No model version was registered; the active version is unchanged.",
                run.getString("error"));
        assertEquals(versionsBefore, countVersions());
        given().header("Authorization", ADMIN).when().post("/api/v1/training-runs/" + id + "/cancel").then().statusCode(409);
        given().header("Authorization", ADMIN).when().post("/api/v1/training-runs/424242/cancel").then().statusCode(404);
    }

    @Inject
    TrainingRunRepository trainingRuns;

    @Test
    void aRunLeftByThisWorkersPreviousProcessIsFailedWhenItStartsAgain() throws Exception {
        long id;
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("INSERT INTO training.training_runs (status, params, worker) "
                     + "VALUES ('RUNNING', '{}', 'restarted-host:8082') RETURNING id")) {
            rs.next();
            id = rs.getLong(1);
        }
        assertEquals(0, trainingRuns.failOrphaned("another-host:8082"));
        assertEquals(1, trainingRuns.failOrphaned("restarted-host:8082"));
        JsonPath run = given().when().get("/api/v1/training-runs/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("FAILED", run.getString("status"));
        assertEquals("the training-service process running this training restarted before it finished; no model "
                + "version was registered", run.getString("error"));
    }

    private long countVersions() throws java.sql.SQLException {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM training.model_versions")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aSecondRunWhileOneRunsIsRefused() {
        long first = given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("epochs", 3))
                .when().post("/api/v1/training-runs").then().statusCode(202).extract().jsonPath().getLong("id");
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/training-runs").then().statusCode(409).contentType("application/problem+json");
        JsonPath done = awaitFinished(first);
        assertNotNull(done.getString("status"));
    }

    /**
     * TMDB's metadata reaches the public-rating model: the facts of linked catalog movies, TMDB's people where IMDb
     * gives none, and the TMDB movies no catalog movie links to; with TMDB votes only, the model learns TMDB's scale.
     * The rows are removed afterwards (the other tests expect a catalog without public ratings).
     */
    @Test
    void tmdbMetadataReachesThePublicRatingModel() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO catalog.tmdb_movies (tmdb_id, title, release_year, release_month, budget, original_language,
                                                     collection, vote_average, vote_count, genres)
                    SELECT 900000 + g, 'TMDB movie ' || g, 1990 + g % 30, 1 + g % 12, CASE WHEN g % 3 = 0 THEN NULL
                           ELSE 1000000 * (1 + g % 50) END, 'en', CASE WHEN g % 10 = 0 THEN 'Saga ' || (g / 100) END,
                           (4 + (g % 50) / 10.0 + (g % 7) / 7.0)::real, 50 + g, ARRAY['Drama', 'Science Fiction']
                    FROM generate_series(1, 400) g""");
            s.execute("""
                    INSERT INTO catalog.tmdb_movie_names (tmdb_id, kind, position, code, name, name_key)
                    SELECT 900000 + g, 'company', 0, NULL, 'Studio ' || g % 20, 'studio ' || g % 20 FROM generate_series(1, 400) g""");
            s.execute("""
                    INSERT INTO catalog.tmdb_credits (tmdb_id, kind, position, person_id, name, name_key, job, department)
                    SELECT 900000 + g, 'crew', 0, g % 40, 'Director ' || g % 40, 'director ' || g % 40, 'Director', 'Directing'
                    FROM generate_series(1, 400) g""");
            s.execute("UPDATE catalog.movies SET tmdb_id = 900000 + movie_id WHERE movie_id <= 50 AND tmdb_id IS NULL");
        }
        try {
            CatalogDataset.Loaded loaded = dataset.load();
            long linked = java.util.Arrays.stream(loaded.content()).filter(m -> m.release() != null).count();
            assertTrue(linked > 0 && linked <= 50, "linked catalog movies: " + linked);
            assertEquals(400 - linked, loaded.releasedOnly().content().length);
            int[] tmdbIds = loaded.releasedOnly().tmdbIds();
            assertTrue(java.util.stream.IntStream.range(1, tmdbIds.length).allMatch(k -> tmdbIds[k - 1] < tmdbIds[k])
                    && tmdbIds[0] > 900_000 && tmdbIds[tmdbIds.length - 1] <= 900_400, "ordered TMDB ids");
            dev.recsys.model.hybrid.ItemContent tmdbOnly = java.util.Arrays.stream(loaded.releasedOnly().content())
                    .filter(m -> m.title().equals("TMDB movie 98")).findFirst().orElseThrow();
            assertEquals(List.of("Drama", "Sci-Fi"), tmdbOnly.genres(), "TMDB's genres in MovieLens's names");
            assertEquals(List.of("Director 18"), tmdbOnly.directors());
            assertEquals(List.of("studio 18"), tmdbOnly.release().companies().stream().map(String::toLowerCase).toList());
            assertEquals(49_000_000L, tmdbOnly.release().budget());
            assertEquals(3, tmdbOnly.release().releaseMonth());
            int[] movieIds = java.util.stream.IntStream.range(0, loaded.content().length).map(i -> loaded.ratings().itemId(i))
                    .toArray();
            dev.recsys.model.publicrating.PublicRatingRun run = dev.recsys.model.publicrating.PublicRatingRun.fit(
                    loaded.content(), movieIds, loaded.releasedOnly(), 42, null);
            assertNull(run.absentReason());
            assertEquals(dev.recsys.model.publicrating.PublicRatingModel.Scale.TMDB, run.model().scale());
            assertTrue(run.model().readsReleaseFacts());
            assertEquals(400, run.model().trainedMovies());
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE catalog.movies SET tmdb_id = NULL WHERE tmdb_id BETWEEN 900001 AND 900400");
                s.execute("DELETE FROM catalog.tmdb_movies WHERE tmdb_id BETWEEN 900001 AND 900400");
            }
        }
    }
}
