package dev.recsys.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recsys.client.recommendation.ApiClient;
import dev.recsys.client.recommendation.ApiException;
import dev.recsys.client.recommendation.api.RecommendationsApi;
import dev.recsys.client.recommendation.model.Item;
import dev.recsys.client.recommendation.model.Recommendations;
import dev.recsys.sample.SampleDataGenerator;
import dev.recsys.testing.EmbeddedPostgresServer;
import dev.recsys.client.JobPolling;
import dev.recsys.client.PlatformClient;
import dev.recsys.client.WeeklyChain;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system as users run it: the four packaged services as separate processes over one
 * database, driven over HTTP only. Ingest → train → activate → batch → recommendations → a new
 * rating changes them → a second model → rollback; then the dashboard in headless Chromium.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullStackTest {

    private static final String ADMIN = "Bearer " + ServiceProcesses.ADMIN_TOKEN;
    private static final int USER = 7;
    private static final Path OUTPUT = Path.of(System.getProperty("recsys.e2e.output", "target/e2e"));

    private static ServiceProcesses stack;
    private static SampleDataGenerator.Summary sample;
    private static List<Integer> firstList;
    private static Map<Integer, Double> versionOnePredictions;

    @BeforeAll
    static void startTheStack() throws Exception {
        Path root = Path.of(System.getProperty("recsys.repository.root", "..")).toAbsolutePath().normalize();
        Path data = Files.createDirectories(OUTPUT.resolve("sample"));
        sample = new SampleDataGenerator(SampleDataGenerator.Options.small(data)).write();
        String jdbcUrl = EmbeddedPostgresServer.newDatabase("e2e");
        stack = ServiceProcesses.start(root, OUTPUT.resolve("logs"), jdbcUrl);
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void theSampleIsIngestedThroughTheIngestionService() {
        String location = OUTPUT.resolve("sample").toAbsolutePath().toString();
        JsonPath movielens = runJob("ingestion-service", "/api/v1/ingestions",
                Map.of("source", "movielens", "location", location));
        assertEquals("MovieLens CSV release", movielens.getString("release"));
        JsonPath imdb = runJob("ingestion-service", "/api/v1/ingestions", Map.of("source", "imdb", "location", location));
        assertEquals("SUCCEEDED", imdb.getString("status"));

        JsonPath stats = get("ingestion-service", "/api/v1/catalog/stats");
        assertEquals(sample.movies(), stats.getLong("movies"));
        assertEquals(sample.users(), stats.getLong("users"));
        assertEquals(sample.ratings(), stats.getLong("ratings"));
    }

    @Test
    @Order(2)
    void aTrainedModelBeatsTheBaselinesAndIsServedByTheModelService() {
        JsonPath run = runJob("training-service", "/api/v1/training-runs", Map.of("activate", "always"));
        assertEquals(1, run.getLong("modelVersion"));
        assertTrue(run.getBoolean("activated"));
        double rmse = run.getDouble("metrics.model.rmse");
        assertTrue(rmse < run.getDouble("metrics.baselines.bias.rmse"), "model RMSE " + rmse + " vs bias baseline");
        assertTrue(rmse < run.getDouble("metrics.baselines.globalMean.rmse"), "model RMSE " + rmse + " vs global mean");
        double ndcg = run.getDouble("metrics.model.ndcgAt10");
        for (String baseline : List.of("bias", "ease", "itemKnn")) {
            assertTrue(ndcg > run.getDouble("metrics.baselines." + baseline + ".ndcgAt10"),
                    "model NDCG@10 " + ndcg + " vs " + baseline + ": " + run.prettify());
        }
        // The sample's ratings follow popularity closely (EASE and item-kNN fall below it): measured 0.1355 for the
        // model against 0.1345, so the check allows for the run-to-run noise of two threads.
        double popularity = run.getDouble("metrics.baselines.popularity.ndcgAt10");
        assertTrue(ndcg > 0.98 * popularity, "model NDCG@10 " + ndcg + " vs popularity " + popularity);
        assertTrue(run.getDouble("metrics.model.coverageAt10") > run.getDouble("metrics.baselines.popularity.coverageAt10"),
                "the model recommends more of the catalog than the chart");
        assertTrue(run.getInt("metrics.tuning.chosen.epochs") >= 1);
        assertTrue(run.getDouble("metrics.coldMovies.rmse") > 0 && run.getDouble("metrics.coldMovies.userMeanGenreRmse") > 0,
                run.prettify());

        eventually("model-service serves version 1", () -> get("model-service", "/api/v1/models/active").getLong("version") == 1);
        eventually("recommendation-service scores with version 1", () -> rankingVersion(List.of(1)) == 1);
    }

    @Test
    @Order(3)
    void batchListsAreServedAndAgreeWithTheModelServicesPredictions() throws ApiException {
        JsonPath batch = runJob("recommendation-service", "/api/v1/batch-runs", Map.of("limit", 50));
        assertEquals(sample.users(), batch.getInt("users"));
        assertEquals(1, batch.getLong("modelVersion"));

        JsonPath recs = recommendations(USER, 10);
        assertEquals("batch", recs.getString("source"));
        assertEquals(1, recs.getLong("modelVersion"));
        firstList = recs.getList("items.movieId", Integer.class);
        assertEquals(10, firstList.size());
        List<Integer> rated = ratedMovies(USER);
        assertFalse(rated.isEmpty());
        firstList.forEach(movie -> assertFalse(rated.contains(movie), "movie " + movie + " is already rated"));

        versionOnePredictions = predictions(USER, firstList, 1);
        List<Double> listed = recs.getList("items.predictedRating", Double.class);
        for (int k = 0; k < firstList.size(); k++) {
            assertEquals(versionOnePredictions.get(firstList.get(k)), listed.get(k), 1e-5,
                    "predicted rating of movie " + firstList.get(k) + ": recommendation-service vs model-service");
        }

        // The same list through the Java client generated from docs/openapi/recommendation-service.json.
        ApiClient apiClient = new ApiClient();
        apiClient.updateBaseUri(stack.url("recommendation-service"));
        RecommendationsApi client = new RecommendationsApi(apiClient);
        Recommendations generated = client.getRecommendations(USER, null, null, false, null, 10, null);
        assertEquals(Recommendations.SourceEnum.BATCH, generated.getSource());
        assertEquals(1L, generated.getModelVersion());
        assertEquals(firstList, generated.getItems().stream().map(Item::getMovieId).toList());
        for (int k = 0; k < listed.size(); k++) {
            assertEquals(listed.get(k), generated.getItems().get(k).getPredictedRating(), 1e-6);
        }
        ApiException badLimit = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> client.getRecommendations(USER, null, null, false, null, 0, null));
        assertEquals(400, badLimit.getCode());
        assertTrue(badLimit.getResponseBody().contains("limit"), badLimit.getResponseBody());
    }

    @Test
    @Order(4)
    void aNewRatingTakesTheMovieOutOfTheList() {
        int top = firstList.get(0);
        given().baseUri(stack.url("ingestion-service")).header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("ratings", List.of(Map.of("userId", USER, "movieId", top, "rating", 5.0))))
                .when().post("/api/v1/ratings").then().statusCode(200)
                .body("accepted", org.hamcrest.Matchers.equalTo(1));

        assertTrue(ratedMovies(USER).contains(top));
        // A new rating of 4 or more: the list is scored now, the item-item head reading it (README, live lists).
        JsonPath recs = recommendations(USER, 10);
        assertEquals("live", recs.getString("source"));
        assertEquals(1, recs.getLong("modelVersion"));
        List<Integer> now = recs.getList("items.movieId", Integer.class);
        assertEquals(10, now.size());
        assertFalse(now.contains(top), "the movie just rated is still recommended: " + now);
        assertTrue(ratedMovies(USER).stream().noneMatch(now::contains), "a rated movie is recommended: " + now);
    }

    @Test
    @Order(5)
    void aSecondVersionIsServedAndARollbackRestoresTheFirst() {
        JsonPath run = runJob("training-service", "/api/v1/training-runs",
                Map.of("activate", "always", "epochs", 4, "seed", 7));
        assertEquals(2, run.getLong("modelVersion"));
        eventually("model-service serves version 2", () -> get("model-service", "/api/v1/models/active").getLong("version") == 2);
        // The registry says active before the replica has loaded the (larger, two-head) artifact.
        eventually("model-service predicts with version 2", () -> given().baseUri(stack.url("model-service"))
                .contentType(ContentType.JSON).body(Map.of("userId", USER, "movieIds", firstList))
                .when().post("/api/v1/predictions").then().extract().jsonPath().getLong("modelVersion") == 2);
        Map<Integer, Double> versionTwo = predictions(USER, firstList, 2);
        assertNotEquals(versionOnePredictions, versionTwo, "a different model predicts differently");
        eventually("recommendation-service scores with version 2", () -> rankingVersion(firstList) == 2);

        given().baseUri(stack.url("model-service")).header("Authorization", ADMIN)
                .when().post("/api/v1/models/1/activate").then().statusCode(200)
                .body("version", org.hamcrest.Matchers.equalTo(1)).body("status", org.hamcrest.Matchers.equalTo("ACTIVE"));
        assertEquals("RETIRED", get("model-service", "/api/v1/models/2").getString("status"));
        Map<Integer, Double> afterRollback = predictions(USER, firstList, 1);
        firstList.forEach(movie -> assertEquals(versionOnePredictions.get(movie), afterRollback.get(movie), 1e-9,
                "movie " + movie + " after the rollback"));
        eventually("recommendation-service follows the rollback", () -> rankingVersion(firstList) == 1);
    }

    @Test
    @Order(6)
    void theDashboardShowsTheStacksRealData() throws Exception {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find(OUTPUT.resolve("chromium"));
        assumeTrue(chromium.isPresent(), "Chromium is not installed (apt-get install chromium): dashboard not rendered");
        String page = stack.url("recommendation-service") + "/dashboard/#user=" + USER + "&token=" + ServiceProcesses.ADMIN_TOKEN;

        Document dom = Jsoup.parse(chromium.get().dumpDom(page, 15_000));
        assertEquals("true", dom.body().attr("data-ready"), "the dashboard finished loading: " + dom.select("#user-error").text());

        assertEquals("active model: version 1", dom.getElementById("active-model").text());
        assertEquals("Top rated by user " + USER, dom.getElementById("top-rated-title").text());
        Element firstRated = dom.select("#top-rated tbody tr").first();
        assertEquals(title(firstList.get(0)), firstRated.child(0).text(), "the 5-star rating just posted comes first");
        assertTrue(firstRated.child(2).text().endsWith("5"), firstRated.text());

        JsonPath recs = recommendations(USER, 10);
        List<String> shownTitles = dom.select("#recommendations li strong").eachText();
        assertEquals(recs.getList("items.title", String.class), shownTitles);
        assertEquals("Recommendations for user " + USER + " (live, model version 1)",
                dom.getElementById("recommendations-title").text());
        assertFalse(dom.select("#recommendations li .reason").first().text().isBlank(), "reasons are shown");

        List<String> versions = dom.select("#models-table tbody tr").eachText();
        assertEquals(2, versions.size());
        assertTrue(versions.get(0).startsWith("v2 RETIRED"), versions.get(0));
        assertTrue(versions.get(1).startsWith("v1 ACTIVE"), versions.get(1));
        JsonPath v1 = get("model-service", "/api/v1/models/1");
        assertTrue(versions.get(1).contains(String.format("%.3f", v1.getDouble("metrics.model.rmse"))), versions.get(1));
        assertEquals(2 * 3 + 3, dom.select("#rmse-chart rect").size(), "3 bars for each of 2 versions, 3 legend keys");
        assertEquals(2 * 4 + 4, dom.select("#ndcg-chart rect").size(), "model, popularity, EASE, item-kNN for 2 versions");
        assertEquals(2 * 2 + 2, dom.select("#cold-chart rect").size(), "new-movie RMSE of the model and its baseline");
        assertEquals(2 * 3 + 3, dom.select("#fresh-chart rect").size(), "fresh-user NDCG@10 of live list, fold-in, popularity");
        assertTrue(versions.get(1).contains(String.format("%.3f", v1.getDouble("metrics.freshUsers.model.ndcgAt10"))),
                versions.get(1));
        assertTrue(versions.get(1).contains(String.format("%.3f", v1.getDouble("metrics.baselines.ease.ndcgAt10")))
                && versions.get(1).contains(String.format("%.3f", v1.getDouble("metrics.coldMovies.rmse"))), versions.get(1));
        assertEquals(2, dom.select("#curve-chart path").size(), "train loss and validation RMSE lines");

        // The what-if panel scores its example (3 genre sets × 2 runtimes) as model-service does.
        assertEquals(6, dom.select("#scenarios tbody tr").size(), dom.select("#scenario-summary").text());
        assertTrue(dom.select("#scenario-summary").text().startsWith("6 combinations scored for " + sample.users() + " users"),
                dom.select("#scenario-summary").text());
        JsonPath scenario = given().baseUri(stack.url("model-service")).contentType(ContentType.JSON).body(Map.of(
                        "base", Map.of("title", "Planned", "genres", List.of("Drama"), "year", 2026),
                        "variations", Map.of("genres", List.of(List.of("Drama"), List.of("Comedy"), List.of("Horror", "Thriller")),
                                "runtimes", List.of(95, 150)), "top", 10))
                .when().post("/api/v1/scenarios").then().statusCode(200).extract().jsonPath();
        assertEquals(6, scenario.getInt("combinations"));
        assertEquals(String.format(java.util.Locale.US, "%.2f", scenario.getDouble("variants[0].meanRating")),
                dom.select("#scenarios tbody tr").first().child(2).text());

        // The served version's taste segments, with what defines each, as model-service reports them.
        JsonPath segments = get("model-service", "/api/v1/segments");
        assertEquals(segments.getList("segments").size(), dom.select("#segments tbody tr").size());
        assertTrue(dom.select("#segments tbody tr").size() >= 2, dom.select("#segments").outerHtml());
        assertEquals(String.valueOf(segments.getInt("segments[0].users")),
                dom.select("#segments tbody tr").first().child(1).text().split(" ")[0]);

        assertEquals(List.of("imdb", "movielens"), dom.select("#ingestions tbody tr td:nth-child(2)").eachText());
        assertEquals(List.of("SUCCEEDED", "SUCCEEDED"), dom.select("#ingestions tbody tr .status").eachText());
        String movielensDetails = dom.select("#ingestions tbody tr").get(1).child(5).text();
        assertTrue(movielensDetails.contains(String.format(java.util.Locale.US, "ratings %,d read / %,d new", sample.ratings(),
                sample.ratings())), movielensDetails);
        assertEquals(2, dom.select("#training-runs tbody tr").size());
        assertTrue(dom.select("#batch-runs tbody tr").first().text().contains("top-50 for " + sample.users() + " users"),
                dom.select("#batch-runs tbody tr").first().text());

        // A version's curve by link (#version=2, as a click on its row sets): v2 trained 4 epochs.
        Document second = Jsoup.parse(chromium.get().dumpDom(page + "&version=2", 15_000));
        assertEquals("Training curve of version 2: train loss and validation RMSE per epoch",
                second.getElementById("curve-title").text());
        assertEquals(List.of("1", "2", "3", "4"), second.select("#curve-chart text.epoch").eachText(), "one point per epoch");

        Path png = OUTPUT.resolve("dashboard.png");
        chromium.get().screenshot(page, 15_000, png);
        assertTrue(Files.size(png) > 20_000, "a screenshot with content: " + Files.size(png) + " bytes");
    }

    // --- HTTP helpers -----------------------------------------------------------------------------


    @Test
    @Order(7)
    void theWeeklyChainIngestsTrainsAndRecomputesTheBatchAndStopsAtTheFirstFailure() {
        int runsBefore = get("training-service", "/api/v1/training-runs").getList("$").size();
        List<String> log = new ArrayList<>();
        WeeklyChain.Settings settings = new WeeklyChain.Settings(stack.url("ingestion-service"),
                stack.url("training-service"), stack.url("recommendation-service"), ServiceProcesses.ADMIN_TOKEN,
                WeeklyChain.Settings.parseSources("movielens=" + OUTPUT.resolve("sample").toAbsolutePath()),
                "always", 25, Duration.ofSeconds(120), Duration.ofMillis(500));
        new WeeklyChain(settings, log::add).run();

        long version = get("model-service", "/api/v1/models/active").getLong("version");
        assertEquals(runsBefore + 1, get("training-service", "/api/v1/training-runs").getList("$").size());
        assertTrue(log.contains("model version " + version + " is active"), log.toString());
        JsonPath batch = get("recommendation-service", "/api/v1/batch-runs?limit=1");
        assertEquals("SUCCEEDED", batch.getString("[0].status"));
        assertEquals(version, batch.getLong("[0].modelVersion"), "the batch ran on the version the chain activated");
        assertEquals(25, batch.getInt("[0].itemsPerUser"));

        WeeklyChain.Settings missing = new WeeklyChain.Settings(settings.ingestionUrl(), settings.trainingUrl(),
                settings.recommendationUrl(), settings.adminToken(),
                WeeklyChain.Settings.parseSources("movielens=" + OUTPUT.resolve("no-such-release").toAbsolutePath()),
                "always", 25, Duration.ofSeconds(120), Duration.ofMillis(500));
        PlatformClient.StepFailed failure = assertThrows(PlatformClient.StepFailed.class,
                () -> new WeeklyChain(missing, line -> { }).run());
        assertTrue(failure.getMessage().contains("/api/v1/ingestions") && failure.getMessage().contains("no-such-release"),
                failure.getMessage());
        assertEquals(runsBefore + 1, get("training-service", "/api/v1/training-runs").getList("$").size(),
                "no training after a failed ingestion");
    }
    @Test
    @Order(8)
    void anExperimentSplitsUsersBetweenVersionsAndItsResultsFindTheBetterVariant() throws Exception {
        long active = get("model-service", "/api/v1/models/active").getLong("version");
        long candidateVersion = active == 1 ? 2 : 1;
        JsonPath experiment = given().baseUri(stack.url("recommendation-service")).header("Authorization", ADMIN)
                .contentType(ContentType.JSON).body(Map.of("name", "e2e candidate", "variants", List.of(
                        Map.of("name", "control", "model", "active", "share", 50),
                        Map.of("name", "candidate", "model", Long.toString(candidateVersion), "share", 50))))
                .when().post("/api/v1/experiments").then().statusCode(201).extract().jsonPath();
        long id = experiment.getLong("id");
        JsonPath batch = runJob("recommendation-service", "/api/v1/batch-runs", Map.of("limit", 20));
        assertEquals(active, batch.getLong("modelVersion"));

        // Every user sees their variant's version from the batch; candidate users click 2-5 of 10 shown, control users 0-2.
        List<Map<String, Object>> events = new ArrayList<>();
        Map<String, Integer> users = new HashMap<>();
        Map<String, Integer> clicks = new HashMap<>();
        for (int userId = 1; userId <= 60; userId++) {
            JsonPath recs = given().baseUri(stack.url("recommendation-service")).queryParam("limit", 10)
                    .when().get("/api/v1/users/" + userId + "/recommendations").then().statusCode(200).extract().jsonPath();
            assertEquals(id, recs.getLong("experiment"), "user " + userId);
            String variant = recs.getString("variant");
            assertEquals(variant.equals("candidate") ? candidateVersion : active, recs.getLong("modelVersion"), "user " + userId);
            assertEquals("batch", recs.getString("source"), "user " + userId);
            users.merge(variant, 1, Integer::sum);
            List<Integer> shown = recs.getList("items.movieId", Integer.class);
            for (int k = 0; k < shown.size(); k++) {
                String recommendationId = recs.getString("recommendationId");
                events.add(Map.of("userId", userId, "movieId", shown.get(k), "type", "impression",
                        "recommendationId", recommendationId));
                if (k < (variant.equals("candidate") ? 2 + userId % 4 : userId % 3)) {
                    clicks.merge(variant, 1, Integer::sum);
                    events.add(Map.of("userId", userId, "movieId", shown.get(k), "type", "click",
                            "recommendationId", recommendationId));
                }
            }
        }
        given().baseUri(stack.url("ingestion-service")).header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("events", events)).when().post("/api/v1/events").then().statusCode(200)
                .body("accepted", org.hamcrest.Matchers.equalTo(events.size()));

        JsonPath results = get("recommendation-service", "/api/v1/experiments/" + id + "/results");
        assertEquals(List.of("control", "candidate"), results.getList("variants.name"));
        assertEquals(users.get("control"), results.getInt("variants[0].usersExposed"));
        assertEquals(users.get("candidate"), results.getInt("variants[1].usersExposed"));
        assertEquals(users.get("control") * 10, results.getInt("variants[0].impressions"));
        assertEquals(clicks.get("control") / (users.get("control") * 10.0),
                results.getDouble("variants[0].clickThroughRate.value"), 1e-6);   // rounded to 6 places
        assertEquals(clicks.get("candidate") / (users.get("candidate") * 10.0),
                results.getDouble("variants[1].clickThroughRate.value"), 1e-6);
        assertTrue(results.getDouble("variants[1].vsControl.clickThroughRate.low") > 0, results.prettify());
        assertTrue(results.getBoolean("variants[1].vsControl.clickThroughRate.significant"), results.prettify());

        Optional<HeadlessChromium> chromium = HeadlessChromium.find(OUTPUT.resolve("chromium"));
        if (chromium.isPresent()) {   // the dashboard's experiments panel shows the same results
            Document dom = Jsoup.parse(chromium.get().dumpDom(stack.url("recommendation-service") + "/dashboard/#token="
                    + ServiceProcesses.ADMIN_TOKEN, 15_000));
            Element panel = dom.select("#experiments .experiment[data-id=" + id + "]").first();
            assertTrue(panel != null && panel.select("h3").text().startsWith("#" + id + " e2e candidate RUNNING"),
                    dom.select("#experiments").outerHtml());
            List<Element> rows = panel.select("tbody tr");
            assertEquals(List.of("control", "candidate"), rows.stream().map(r -> r.child(0).text()).toList());
            assertEquals(String.valueOf(users.get("candidate")), rows.get(1).child(3).text());
            assertTrue(rows.get(1).child(5).text().startsWith(String.format(java.util.Locale.US, "%.3f",
                    results.getDouble("variants[1].clickThroughRate.value"))), rows.get(1).text());
            assertTrue(rows.get(1).child(6).text().endsWith("*"), "significant: " + rows.get(1).text());
        }

        given().baseUri(stack.url("recommendation-service")).header("Authorization", ADMIN)
                .when().post("/api/v1/experiments/" + id + "/promote/candidate").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("STOPPED"));
        assertEquals(candidateVersion, get("model-service", "/api/v1/models/active").getLong("version"));
        eventually("model-service serves the promoted version",
                () -> rankingVersion(firstList) == candidateVersion);
    }

    private static JsonPath get(String service, String path) {
        return given().baseUri(stack.url(service)).header("Authorization", ADMIN).when().get(path).then().statusCode(200).extract().jsonPath();
    }

    /** Starts a job, waits until it ends, and returns it; fails with the job and the service's log if it failed. */
    private static JsonPath runJob(String service, String path, Map<String, Object> body) {
        long id = given().baseUri(stack.url(service)).header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(body).when().post(path).then().statusCode(202).extract().jsonPath().getLong("id");
        JsonPath job = JobPolling.awaitFinished(service + path + "/" + id, Duration.ofMinutes(5), Duration.ofMillis(500),
                () -> get(service, path + "/" + id), run -> run.getString("status"));
        if (!"SUCCEEDED".equals(job.getString("status"))) {
            throw new AssertionError(service + path + "/" + id + " " + job.getString("status") + ": " + job.prettify()
                    + "\n" + stack.logTail(service));
        }
        return job;
    }

    private static JsonPath recommendations(int userId, int limit) {
        return given().baseUri(stack.url("recommendation-service")).queryParam("limit", limit).queryParam("explain", true)
                .when().get("/api/v1/users/" + userId + "/recommendations").then().statusCode(200).extract().jsonPath();
    }

    /** The model version recommendation-service ranks with now; -1 while it has none loaded (503). */
    private static long rankingVersion(List<Integer> movieIds) {
        io.restassured.response.Response response = given().baseUri(stack.url("recommendation-service"))
                .contentType(ContentType.JSON).body(Map.of("movieIds", movieIds))
                .when().post("/api/v1/users/" + USER + "/recommendations/rank");
        if (response.statusCode() == 503) {
            return -1;
        }
        assertEquals(200, response.statusCode(), response.asString());
        return response.jsonPath().getLong("modelVersion");
    }

    private static List<Integer> ratedMovies(int userId) {
        return given().baseUri(stack.url("ingestion-service")).queryParam("limit", 1000)
                .when().get("/api/v1/users/" + userId + "/ratings").then().statusCode(200)
                .extract().jsonPath().getList("items.movieId", Integer.class);
    }

    private static String title(int movieId) {
        return get("ingestion-service", "/api/v1/movies/" + movieId).getString("title");
    }

    /** model-service's predictions of {@code userId} for the movies, checked to come from {@code version}. */
    private static Map<Integer, Double> predictions(int userId, List<Integer> movieIds, long version) {
        JsonPath response = given().baseUri(stack.url("model-service")).contentType(ContentType.JSON)
                .body(Map.of("userId", userId, "movieIds", movieIds)).when().post("/api/v1/predictions")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(version, response.getLong("modelVersion"));
        assertFalse(response.getBoolean("coldStartUser"));
        Map<Integer, Double> byMovie = new HashMap<>();
        List<Integer> movies = response.getList("predictions.movieId", Integer.class);
        List<Double> ratings = response.getList("predictions.rating", Double.class);
        for (int k = 0; k < movies.size(); k++) {
            byMovie.put(movies.get(k), ratings.get(k));
        }
        assertEquals(new ArrayList<>(movieIds), movies);
        return byMovie;
    }

    /** Model swaps reach every service within seconds (LISTEN/NOTIFY, 5 s poll as a fallback). */
    private static void eventually(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            ServiceProcesses.sleep(250);
        }
        throw new AssertionError("not within 60 s: " + what);
    }
}
