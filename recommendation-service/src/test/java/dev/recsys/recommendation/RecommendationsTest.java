package dev.recsys.recommendation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.rerank.ListReranker;
import dev.recsys.modelruntime.ModelVersionRepository;
import dev.recsys.modelruntime.ServingModel;
import dev.recsys.recommendation.catalog.CatalogLookup;
import dev.recsys.recommendation.catalog.CurrentRatings;
import dev.recsys.recommendation.catalog.DegradedReads;
import dev.recsys.recommendation.experiment.ExperimentService;
import dev.recsys.recommendation.explain.Explanations;
import dev.recsys.recommendation.recommend.RecommendationService;
import dev.recsys.recommendation.recommend.ListShaping;
import dev.recsys.recommendation.recommend.Recommendations;
import dev.recsys.recommendation.recommend.ServingLists;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.Vetoed;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RecsFixture.class, restrictToAnnotatedClass = true)
class RecommendationsTest extends RecsTestSupport {

    @Inject
    ModelVersionRepository versions;

    @Inject
    CatalogLookup catalogLookup;

    @Inject
    ListShaping listShaping;

    @Inject
    Explanations explanations;

    @Inject
    ServingLists servingLists;

    @Inject
    DegradedReads degradedReads;

    @Inject
    ExperimentService experimentService;

    @Inject
    CurrentRatings currentRatings;

    @Inject
    RecommendationsConfig.Serving servingConfig;

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
    void aRequestReadsTheServedModelOnceSoAHotSwapCannotMixVersions() throws Exception {
        try (HybridModel model = activeModel()) {
            SwappingServingModel swapping = new SwappingServingModel(versions, dataSource, model);
            RecommendationService service = new RecommendationService(swapping, catalogLookup, explanations, servingLists,
                    degradedReads, experimentService, currentRatings, listShaping, servingConfig);
            Recommendations live = service.recommend(1, 10, null, true, Set.of(), ListReranker.Knobs.NONE);
            assertEquals("live", live.source());
            assertEquals(1, swapping.reads.get(), "reads of the served model in one request");
            assertEquals(1L, live.modelVersion(), "the version of the one read");
            assertEquals(exactTopN(model, 1, 10), live.items().stream().map(Recommendations.Item::movieId).toList());
        }
    }
    @Test
    void withoutABatchRunUsersAreScoredLive() throws Exception {
        try (HybridModel model = activeModel()) {
            JsonPath live = recommendations(1, 10);
            assertEquals("live", live.getString("source"));
            assertEquals(exactTopN(model, 1, 10), live.getList("items.movieId", Integer.class));
        }
    }
    @Test
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
    void liveListsLeaveOutNotInterestedMoviesAndTheExcludeParameter() throws Exception {
        JsonPath before = recommendations(2, 10);
        assertEquals("live", before.getString("source"));
        // Each list is named, so that the feedback it causes can be attributed to it.
        java.util.UUID listId = java.util.UUID.fromString(before.getString("recommendationId"));
        assertFalse(listId.equals(java.util.UUID.fromString(recommendations(2, 10).getString("recommendationId"))));
        List<Integer> ids = before.getList("items.movieId", Integer.class);
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("INSERT INTO catalog.events (user_id, movie_id, type, occurred_at) VALUES (2, " + ids.get(0)
                    + ", 'not-interested', now())");
        }
        JsonPath after = given().when().get("/api/v1/users/2/recommendations?limit=10&exclude=" + ids.get(1) + ",999999")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("live", after.getString("source"));
        assertEquals(ids.subList(2, 10), after.getList("items.movieId", Integer.class).subList(0, 8));
        assertEquals(ids.subList(1, 10), recommendations(2, 10).getList("items.movieId", Integer.class).subList(0, 9),
                "exclude holds for one request; not-interested for good");

        given().when().get("/api/v1/users/2/recommendations?exclude=1,abc").then().statusCode(400)
                .body("errors[0].field", equalTo("exclude"))
                .body("detail", containsString("'abc' is not a movie id: give comma-separated positive integers, like 1,2,3"));
        given().when().get("/api/v1/users/2/recommendations?exclude=0").then().statusCode(400)
                .body("errors[0].field", equalTo("exclude"));
    }
}
