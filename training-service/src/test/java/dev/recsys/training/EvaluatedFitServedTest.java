package dev.recsys.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Above refit-max-ratings the evaluated fit is the served version: no second fit on all ratings. */
@QuarkusTest
@TestProfile(EvaluatedFitServedTest.SmallRefitLimit.class)
class EvaluatedFitServedTest {

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
}
