package dev.recsys.recommendation;

import static dev.recsys.testing.RoleMatrix.Endpoint.admin;
import static dev.recsys.testing.RoleMatrix.Endpoint.read;

import dev.recsys.testing.ReadTokensProfile;
import dev.recsys.testing.RoleMatrix;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With read tokens configured, every endpoint of the service against the roles. */
@QuarkusTest
@TestProfile(ReadTokensProfile.class)
@QuarkusTestResource(value = RecsFixture.class, restrictToAnnotatedClass = true)
class ReadTokensTest {

    @Test
    void readsNeedAReadTokenAndTheDashboardAndJobsTheAdminToken() {
        List<RoleMatrix.Endpoint> endpoints = List.of(
                read("GET", "/api/v1/users/1/recommendations", null),
                read("GET", "/api/v1/users/1/recommendations?explain=true", null),
                read("POST", "/api/v1/users/1/recommendations/rank", "{\"movieIds\":[1,2]}"),
                read("GET", "/api/v1/movies/1/similar", null),
                read("GET", "/api/v1/movies/popular", null),
                read("GET", "/api/v1/movies/search?q=toy", null),
                read("POST", "/api/v1/movies/similar", "{\"title\":\"Silent Harbor 2\"}"),
                read("POST", "/api/v1/recommendations/anonymous", "{\"ratings\":[{\"movieId\":1,\"rating\":5}]}"),
                read("GET", "/api/v1/batch-runs", null),
                read("GET", "/api/v1/batch-runs/1", null),
                admin("POST", "/api/v1/batch-runs", "{\"limit\":0}"),
                admin("POST", "/api/v1/batch-runs/999999/cancel", null),
                admin("GET", "/api/v1/dashboard/overview", null),
                admin("GET", "/api/v1/dashboard/segments", null),
                admin("POST", "/api/v1/dashboard/scenarios", "{\"base\":{\"genres\":[\"Drama\"]}}"),
                admin("GET", "/api/v1/dashboard/users", null),
                admin("GET", "/api/v1/dashboard/users/1/top-rated", null),
                admin("GET", "/api/v1/dashboard/insights", null),
                admin("GET", "/api/v1/dashboard/public-rating", null),
                admin("GET", "/api/v1/dashboard/movies/1/money", null),
                read("GET", "/api/v1/experiments", null),
                read("GET", "/api/v1/experiments/999999", null),
                read("GET", "/api/v1/experiments/999999/results", null),
                admin("POST", "/api/v1/experiments", "{\"name\":\"\"}"),
                admin("POST", "/api/v1/experiments/999999/stop", null),
                admin("POST", "/api/v1/experiments/999999/promote/candidate", null));
        RoleMatrix.check(endpoints, ReadTokensProfile.NEW_TOKEN, RecsTestSupport.ADMIN.substring("Bearer ".length()));
        RoleMatrix.check(endpoints.subList(0, 1), ReadTokensProfile.OLD_TOKEN, RecsTestSupport.ADMIN.substring("Bearer ".length()));
        RoleMatrix.checkDocument("recommendation-service", endpoints);
        RoleMatrix.assertOpen("/q/health/live", "/q/openapi", "/dashboard/");
    }
}
