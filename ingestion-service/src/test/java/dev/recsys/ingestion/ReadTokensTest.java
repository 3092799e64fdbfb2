package dev.recsys.ingestion;

import static dev.recsys.testing.RoleMatrix.Endpoint.admin;
import static dev.recsys.testing.RoleMatrix.Endpoint.read;

import dev.recsys.testing.PostgresTestResource;
import dev.recsys.testing.ReadTokensProfile;
import dev.recsys.testing.RoleMatrix;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With a read token configured, every endpoint of the service against the roles. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestProfile(ReadTokensProfile.class)
class ReadTokensTest {

    @Test
    void readsNeedAReadTokenAndJobsAndWritesTheAdminToken() {
        List<RoleMatrix.Endpoint> endpoints = List.of(
                read("GET", "/api/v1/movies/1", null),
                read("GET", "/api/v1/movies?limit=5", null),
                read("GET", "/api/v1/users/1/ratings", null),
                read("GET", "/api/v1/catalog/stats", null),
                read("GET", "/api/v1/insights/releases?by=weekday", null),
                read("GET", "/api/v1/insights/collections", null),
                read("GET", "/api/v1/insights/companies?name=pixar", null),
                read("GET", "/api/v1/insights/countries?sort=movies", null),
                read("GET", "/api/v1/insights/movies?company=pixar", null),
                admin("GET", "/api/v1/ingestions", null),
                admin("GET", "/api/v1/ingestions/1", null),
                admin("POST", "/api/v1/ingestions/1/cancel", null),
                admin("POST", "/api/v1/ingestions", "{\"source\":\"nothing\",\"location\":\"\"}"),
                admin("POST", "/api/v1/ratings", "{\"ratings\":[]}"),
                admin("POST", "/api/v1/events", "{\"events\":[]}"));
        RoleMatrix.check(endpoints, ReadTokensProfile.NEW_TOKEN, IngestionTestSupport.ADMIN.substring("Bearer ".length()));
        RoleMatrix.checkDocument("ingestion-service", endpoints);
        RoleMatrix.assertOpen("/q/health/live", "/q/openapi");
    }
}
