package dev.recsys.training;

import static dev.recsys.testing.RoleMatrix.Endpoint.admin;
import static dev.recsys.testing.RoleMatrix.Endpoint.read;

import dev.recsys.testing.ReadTokensProfile;
import dev.recsys.testing.RoleMatrix;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With a read token configured, every endpoint of the service against the roles. */
@QuarkusTest
@TestProfile(ReadTokensProfile.class)
@QuarkusTestResource(value = CatalogFixture.class, restrictToAnnotatedClass = true)
class ReadTokensTest {

    @Test
    void runsAreReadWithAReadTokenAndStartedWithTheAdminToken() {
        List<RoleMatrix.Endpoint> endpoints = List.of(
                read("GET", "/api/v1/training-runs", null),
                read("GET", "/api/v1/training-runs/1", null),
                admin("POST", "/api/v1/training-runs", "{\"epochs\":0}"),
                admin("POST", "/api/v1/training-runs/999999/cancel", null));
        RoleMatrix.check(endpoints, ReadTokensProfile.NEW_TOKEN, TrainingRunTest.ADMIN.substring("Bearer ".length()));
        RoleMatrix.checkDocument("training-service", endpoints);
        RoleMatrix.assertOpen("/q/health/live", "/q/openapi");
    }
}
