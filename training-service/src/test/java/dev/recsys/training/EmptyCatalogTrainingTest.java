package dev.recsys.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Training before any data is loaded fails with the reason and registers nothing. */
@QuarkusTest
@TestProfile(EmptyCatalogTrainingTest.EmptyCatalog.class)
class EmptyCatalogTrainingTest {

    public static class EmptyCatalog implements QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(CatalogFixture.class, Map.of("ratings", "0")));
        }
    }

    @Test
    void noRatingsGivesAFailedRunWithTheReason() {
        JsonPath run = TrainingRunTest.train(Map.of());
        assertEquals("FAILED", run.getString("status"));
        assertTrue(run.getString("error").startsWith("the catalog has no ratings yet: load a MovieLens release first"),
                run.getString("error"));
        assertTrue(run.getString("error").endsWith("No model version was registered; the active version is unchanged."));
        assertNull(run.get("modelVersion"));
    }
}
