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

/** A catalog with ratings from a single user cannot be trained and evaluated: the run says so. */
@QuarkusTest
@TestProfile(SingleUserTrainingTest.OneUser.class)
class SingleUserTrainingTest {

    public static class OneUser implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CatalogFixture.class,
                    Map.of("users", "1", "movies", "60", "ratings", "40")));
        }
    }

    @Test
    void oneUserGivesAFailedRunWithTheReason() {
        JsonPath run = TrainingRunTest.train(Map.of());
        assertEquals("FAILED", run.getString("status"));
        assertTrue(run.getString("error").startsWith("the catalog has ratings from only 1 user; training and evaluation "
                + "need at least 2 users"), run.getString("error"));
    }
}
