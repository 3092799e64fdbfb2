package dev.recsys.modelservice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.recsys.testing.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** An empty registry: what needs a model answers 503 with what to do, never a 500. */
@QuarkusTest
@QuarkusTestResource(value = NoModelTest.EmptyRegistry.class, restrictToAnnotatedClass = true)
class NoModelTest {

    /** The registry's tables, with no version in them. */
    public static class EmptyRegistry implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            String url = EmbeddedPostgresServer.newDatabase("nomodel");
            Flyway.configure().dataSource(url, "postgres", "postgres").schemas("training").defaultSchema("training")
                    .locations("classpath:db/training").load().migrate();
            return Map.of("quarkus.datasource.jdbc.url", url, "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres");
        }

        @Override
        public void stop() {
            // The embedded server lives for the whole JVM.
        }
    }

    private static final String NO_MODEL = "no model is loaded yet: train and activate one "
            + "(POST /api/v1/training-runs on training-service)";

    @Test
    void segmentsScenariosAndPredictionsAnswer503WithWhatToDo() {
        given().when().get("/api/v1/segments").then().statusCode(503).contentType("application/problem+json")
                .body("detail", equalTo(NO_MODEL));
        given().when().get("/api/v1/users/1/segment").then().statusCode(503).body("detail", equalTo(NO_MODEL));
        given().contentType(ContentType.JSON).body("{\"base\": {\"genres\": [\"Drama\"]}}").when().post("/api/v1/scenarios")
                .then().statusCode(503).body("detail", equalTo(NO_MODEL));
        given().contentType(ContentType.JSON).body("{\"userId\": 1, \"movieIds\": [1]}").when().post("/api/v1/predictions")
                .then().statusCode(503).body("detail", equalTo(NO_MODEL));
    }
}
