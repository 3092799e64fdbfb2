package dev.recsys.modelservice;

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
@QuarkusTestResource(value = RegistryFixture.class, restrictToAnnotatedClass = true)
class ReadTokensTest {

    @Test
    void readsNeedAReadTokenAndActivationTheAdminToken() {
        List<RoleMatrix.Endpoint> endpoints = List.of(
                read("GET", "/api/v1/models", null),
                read("GET", "/api/v1/models/active", null),
                read("GET", "/api/v1/models/1", null),
                read("POST", "/api/v1/predictions", "{\"userId\":1,\"movieIds\":[1]}"),
                read("POST", "/api/v1/predictions/new-movie", "{\"genres\":[\"Drama\"]}"),
                read("GET", "/api/v1/segments", null),
                read("POST", "/api/v1/scenarios", "{\"base\":{\"genres\":[\"Drama\"]}}"),
                read("GET", "/api/v1/segments/0", null),
                read("GET", "/api/v1/users/1/segment", null),
                admin("POST", "/api/v1/models/999999/activate", null));
        RoleMatrix.check(endpoints, ReadTokensProfile.NEW_TOKEN, ModelServiceTest.ADMIN.substring("Bearer ".length()));
        RoleMatrix.checkDocument("model-service", endpoints);
        RoleMatrix.assertOpen("/q/health/live", "/q/openapi");
    }
}
