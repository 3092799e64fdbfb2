package dev.recsys.recommendation;

import static io.restassured.RestAssured.given;

import dev.recsys.model.TopK;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.ModelArtifact;
import dev.recsys.client.JobPolling;
import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the recommendation-service tests share. Each test class runs on its own database filled by
 * {@link RecsFixture} (the resource is restricted to the class, so Quarkus starts afresh), and each
 * test sets up what it needs, so classes and methods run in any order.
 */
abstract class RecsTestSupport {

    static final String ADMIN = "Bearer test-admin-token";

    @Inject
    AgroalDataSource dataSource;

    protected HybridModel activeModel() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT artifact FROM training.model_versions WHERE status = 'ACTIVE'")) {
            rs.next();
            return ModelArtifact.read(rs.getBytes(1));
        }
    }

    protected Set<Integer> rated(int userId) throws Exception {
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
    protected List<Integer> exactTopN(HybridModel model, int userId, int n) throws Exception {
        float[] scores = new float[model.movieCount()];
        model.scores(model.userIndex(userId), scores);
        for (int movieId : rated(userId)) {
            scores[model.movieIndex(movieId)] = Float.NEGATIVE_INFINITY;
        }
        int[] top = new int[n];
        int found = TopK.select(scores, top);
        List<Integer> ids = new ArrayList<>();
        for (int k = 0; k < found; k++) {
            ids.add(model.movieId(top[k]));
        }
        return ids;
    }

    protected static JsonPath recommendations(int userId, int limit) {
        return given().when().get("/api/v1/users/" + userId + "/recommendations?limit=" + limit)
                .then().statusCode(200).extract().jsonPath();
    }

    protected static JsonPath runBatch() {
        long id = given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/batch-runs").then().statusCode(202).extract().jsonPath().getLong("id");
        return JobPolling.awaitFinished("batch run " + id, Duration.ofMinutes(1), Duration.ofMillis(100),
                () -> given().when().get("/api/v1/batch-runs/" + id).then().statusCode(200).extract().jsonPath(),
                run -> run.getString("status"));
    }

    /** Every test starts once the service has loaded the active model (readiness UP). */
    @BeforeEach
    void modelLoaded() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline
                && given().when().get("/q/health/ready").then().extract().statusCode() != 200) {
            Thread.sleep(100);
        }
    }
}
