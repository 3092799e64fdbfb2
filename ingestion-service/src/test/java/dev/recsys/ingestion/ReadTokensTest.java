package dev.recsys.ingestion;

import static dev.recsys.testing.RoleMatrix.Endpoint.admin;
import static dev.recsys.testing.RoleMatrix.Endpoint.read;

import dev.recsys.testing.PostgresTestResource;
import dev.recsys.testing.RoleMatrix;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With a read token configured, every endpoint of the service against the roles. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestProfile(ReadTokensTest.WithReadToken.class)
class ReadTokensTest {

    public static class WithReadToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("recsys.api-tokens", "client-token");
        }
    }

    @Test
    void readsNeedAReadTokenAndJobsAndWritesTheAdminToken() {
        RoleMatrix.check(List.of(
                read("GET", "/api/v1/movies/1", null),
                read("GET", "/api/v1/movies?limit=5", null),
                read("GET", "/api/v1/users/1/ratings", null),
                read("GET", "/api/v1/catalog/stats", null),
                admin("GET", "/api/v1/ingestions", null),
                admin("GET", "/api/v1/ingestions/1", null),
                admin("POST", "/api/v1/ingestions/1/cancel", null),
                admin("POST", "/api/v1/ingestions", "{\"source\":\"nothing\",\"location\":\"\"}"),
                admin("POST", "/api/v1/ratings", "{\"ratings\":[]}")),
                "client-token", IngestionTestSupport.ADMIN.substring("Bearer ".length()));
        RoleMatrix.assertOpen("/q/health/live", "/q/openapi");
    }
}
