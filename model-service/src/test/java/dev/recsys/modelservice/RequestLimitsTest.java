package dev.recsys.modelservice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bounds a client without the admin token meets: a rate per client on new-movie predictions and scenarios (429
 * with Retry-After beyond it, the admin token unlimited), and the per-request budget of a scenario's titles.
 */
@QuarkusTest
@TestProfile(RequestLimitsTest.TwoASecond.class)
@QuarkusTestResource(value = NoModelTest.EmptyRegistry.class, restrictToAnnotatedClass = true)
class RequestLimitsTest {

    /** One request a second per client, in bursts of two. */
    public static class TwoASecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("recsys.rate-limit.per-second", "1", "recsys.rate-limit.burst", "2");
        }
    }

    private static final Map<String, Object> MOVIE = Map.of("title", "The Silent Harbor", "genres", List.of("Drama"));

    @Test
    void aClientBeyondItsRateGets429WithRetryAfterAndTheAdminTokenIsNotLimited() throws InterruptedException {
        Thread.sleep(2_100);   // a full bucket, whatever ran before
        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON).body(MOVIE).when().post("/api/v1/predictions/new-movie")
                    .then().statusCode(not(equalTo(429)));
        }
        given().contentType(ContentType.JSON).body(MOVIE).when().post("/api/v1/scenarios")
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", "1")
                .body("status", equalTo(429))
                .body("detail", startsWith("client 127.0.0.1 made more than 1 requests a second (bursts of 2)"));
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", ModelServiceTest.ADMIN).contentType(ContentType.JSON).body(MOVIE)
                    .when().post("/api/v1/predictions/new-movie").then().statusCode(not(equalTo(429)));
        }
        // Cheap endpoints are not limited.
        given().when().get("/api/v1/models").then().statusCode(not(equalTo(429)));
    }

    @Test
    void aScenarioVaryingMoreThan20TitlesIsRefusedBeforeAnyWork() throws InterruptedException {
        Thread.sleep(2_100);
        List<String> titles = Collections.nCopies(21, "A title");
        given().contentType(ContentType.JSON)
                .body(Map.of("base", MOVIE, "variations", Map.of("titles", titles)))
                .when().post("/api/v1/scenarios").then().statusCode(400)
                .body("detail", equalTo("invalid variations.titles: at most 20 titles (each is embedded with the plot); this "
                        + "request has 21"));
    }

    @Test
    void textTheTextModelWouldReadAsNothingIsA400NamingItsField() {
        for (String invisible : new String[] {"\u200B", "\uFEFF", "\u00AD \u200B"}) {
            given().header("Authorization", ModelServiceTest.ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("title", invisible, "genres", List.of("Drama")))
                    .when().post("/api/v1/predictions/new-movie").then().statusCode(400)
                    .body("errors[0].field", equalTo("title"))
                    .body("detail", startsWith("title: has no letters, digits or symbols to read"));
            given().header("Authorization", ModelServiceTest.ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("base", Map.of("title", "Heat", "plot", invisible)))
                    .when().post("/api/v1/scenarios").then().statusCode(400)
                    .body("errors[0].field", equalTo("base.plot"));
        }
    }
}
