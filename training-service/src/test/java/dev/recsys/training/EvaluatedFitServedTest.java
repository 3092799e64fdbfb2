package dev.recsys.training;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Above refit-max-ratings the evaluated fit is the served version: no second fit on all ratings. */
@QuarkusTest
@TestProfile(EvaluatedFitServedTest.SmallRefitLimit.class)
class EvaluatedFitServedTest {

    @Inject
    AgroalDataSource dataSource;

    public static class SmallRefitLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("recsys.training.refit-max-ratings", "1000");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CatalogFixture.class,
                    Map.of("users", "60", "movies", "120", "ratings", "3000")));
        }
    }

    @Test
    void servesTheEvaluatedFitAboveTheRefitLimit() {
        JsonPath run = TrainingRunTest.train(Map.of("activate", "always", "epochs", 3));
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        int train = run.getInt("metrics.evaluation.trainRatings");
        assertTrue(train > 1000, run.prettify());
        assertEquals(train, run.getInt("metrics.evaluation.servedRatings"), run.prettify());
        assertTrue(run.getDouble("metrics.model.rmse") < run.getDouble("metrics.baselines.globalMean.rmse"), run.prettify());
    }

    @Test
    void runsRecordedBeforeServedRatingsStillRead() throws Exception {
        JsonPath run = TrainingRunTest.train(Map.of("activate", "always", "epochs", 2));
        long id = run.getLong("id");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE training.training_runs SET metrics = metrics #- '{evaluation,servedRatings}' WHERE id = " + id);
            s.executeUpdate("UPDATE training.model_versions SET metrics = metrics #- '{evaluation,servedRatings}'");
        }
        JsonPath old = given().when().get("/api/v1/training-runs/" + id).then().statusCode(200).extract().jsonPath();
        assertNull(old.get("metrics.evaluation.servedRatings"));
        assertEquals(run.getInt("metrics.evaluation.trainRatings"), old.getInt("metrics.evaluation.trainRatings"));
        // The next run compares itself with that active version's metrics.
        assertEquals("SUCCEEDED", TrainingRunTest.train(Map.of("epochs", 2)).getString("status"));
    }
}
