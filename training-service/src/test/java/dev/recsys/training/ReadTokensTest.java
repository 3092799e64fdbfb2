package dev.recsys.training;

import static dev.recsys.testing.RoleMatrix.Endpoint.admin;
import static dev.recsys.testing.RoleMatrix.Endpoint.read;

import dev.recsys.testing.RoleMatrix;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With a read token configured, every endpoint of the service against the roles. */
@QuarkusTest
@TestProfile(ReadTokensTest.WithReadToken.class)
class ReadTokensTest {

    public static class WithReadToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("recsys.api-tokens", "client-token");
        }
    }

    @Test
    void runsAreReadWithAReadTokenAndStartedWithTheAdminToken() {
        RoleMatrix.check(List.of(
                read("GET", "/api/v1/training-runs", null),
                read("GET", "/api/v1/training-runs/1", null),
                admin("POST", "/api/v1/training-runs", "{\"epochs\":0}")),
                "client-token", TrainingRunTest.ADMIN.substring("Bearer ".length()));
        RoleMatrix.assertOpen("/q/health/live", "/q/openapi");
    }
}
