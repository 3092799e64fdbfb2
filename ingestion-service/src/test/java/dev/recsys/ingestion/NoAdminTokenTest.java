package dev.recsys.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.recsys.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without RECSYS_ADMIN_TOKEN the admin endpoints stay closed, whatever token a caller sends. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestProfile(NoAdminTokenTest.WithoutToken.class)
class NoAdminTokenTest {

    public static class WithoutToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("recsys.admin-token", "");
        }
    }

    @Test
    void adminEndpointsRefuseWhenNoTokenIsConfigured() {
        given().header("Authorization", "Bearer ").contentType(ContentType.JSON)
                .body(Map.of("source", "movielens", "location", "/tmp"))
                .when().post("/api/v1/ingestions").then().statusCode(401)
                .body("detail", equalTo("admin operations are disabled: no RECSYS_ADMIN_TOKEN is configured"));
        given().header("Authorization", "Bearer anything").contentType(ContentType.JSON)
                .body(Map.of("ratings", java.util.List.of()))
                .when().post("/api/v1/ratings").then().statusCode(401);
        given().when().get("/api/v1/catalog/stats").then().statusCode(200);
    }
}
