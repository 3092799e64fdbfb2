package dev.recsys.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recsys.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /events}: row by row, retries stored once, 413, and what a not-interested event excludes. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class EventsApiTest extends IngestionTestSupport {

    static final String LIST = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";

    @TempDir
    Path dir;

    @BeforeEach
    void smallCatalog() throws IOException {
        Files.writeString(dir.resolve("movies.csv"), """
                movieId,title,genres
                1,Toy Story (1995),Adventure|Animation|Children
                2,Jumanji (1995),Adventure|Children|Fantasy
                3,Heat (1995),Action|Crime|Thriller
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("ratings.csv"), """
                userId,movieId,rating,timestamp
                7,1,4.0,964982703
                """, StandardCharsets.UTF_8);
        assertEquals("SUCCEEDED", ingest("movielens", dir.toString()).getString("status"));
    }

    private static Map<String, Object> event(Object userId, Object movieId, Object type, Object at) {
        Map<String, Object> e = new HashMap<>();
        e.put("userId", userId);
        e.put("movieId", movieId);
        e.put("type", type);
        if (at != null) {
            e.put("at", at);
        }
        return e;
    }

    private static JsonPath post(List<Map<String, Object>> events) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("events", events))
                .when().post("/api/v1/events").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void validEventsAreStoredAndInvalidOnesReportedByIndex() throws SQLException {
        Map<String, Object> withList = event(7, 2, "click", "2026-11-30T10:15:30.123456Z");
        withList.put("recommendationId", LIST);
        Map<String, Object> badList = event(7, 2, "click", null);
        badList.put("recommendationId", "list-1");
        JsonPath result = post(List.of(
                event(7, 1, "impression", "2026-11-30T10:15:00Z"),
                withList,
                event(900, 3, "not-interested", "2026-11-30T11:00:00+01:00"),   // a user the catalog does not know yet
                event(7, 999, "click", null),
                event(7, 1, "like", null),
                event(null, 1, "click", null),
                event(7, 1, "watch", "yesterday"),
                badList,
                event(7, 1, "impression", "2026-11-30T10:15:00Z")));
        assertEquals(3, result.getInt("accepted"));
        assertEquals(0, result.getInt("alreadyStored"));
        assertEquals(List.of(3, 4, 5, 6, 7, 8), result.getList("rejected.index", Integer.class));
        assertEquals(List.of(
                "unknown movieId 999",
                "type 'like' is not one of impression, click, watch, not-interested",
                "userId is missing",
                "at 'yesterday' is not an ISO-8601 time with an offset, like 2026-12-01T09:30:00Z",
                "recommendationId 'list-1' is not a UUID",
                "duplicate of events[0] (same userId, movieId, type and at)"), result.getList("rejected.reason"));
        assertEquals(List.of("7 1 impression 2026-11-30 10:15:00+00 null",
                "7 2 click 2026-11-30 10:15:30.123456+00 " + LIST,
                "900 3 not-interested 2026-11-30 10:00:00+00 null"), stored());
    }

    @Test
    void aRetriedRequestStoresNothingTwice() throws SQLException {
        List<Map<String, Object>> events = List.of(event(7, 1, "impression", "2026-11-30T10:15:00Z"),
                event(7, 2, "impression", "2026-11-30T10:15:00Z"));
        assertEquals(2, post(events).getInt("accepted"));
        JsonPath retry = post(List.of(events.get(0), events.get(1), event(7, 3, "click", "2026-11-30T10:16:00Z")));
        assertEquals(1, retry.getInt("accepted"));
        assertEquals(2, retry.getInt("alreadyStored"));
        assertEquals(3, stored().size());
    }

    @Test
    void aNotInterestedMovieIsExcludedLikeARatedOne() throws SQLException {
        post(List.of(event(7, 3, "not-interested", null), event(7, 2, "click", null)));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT movie_id FROM catalog.excluded_movies WHERE user_id = 7 ORDER BY movie_id")) {
            List<Integer> excluded = new ArrayList<>();
            while (rs.next()) {
                excluded.add(rs.getInt(1));
            }
            assertEquals(List.of(1, 3), excluded, "rated 1, not interested in 3; a click excludes nothing");
        }
    }

    @Test
    void tooManyOrNoEventsAreRefusedWhole() throws SQLException {
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            many.add(event(7, 1, "impression", null));
        }
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("events", many))
                .when().post("/api/v1/events").then().statusCode(413).contentType("application/problem+json")
                .body("detail", equalTo("at most 10000 events per request; this one has 10001"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("events", List.of()))
                .when().post("/api/v1/events").then().statusCode(400).body("errors[0].field", equalTo("events"));
        given().contentType(ContentType.JSON).body(Map.of("events", List.of(event(7, 1, "click", null))))
                .when().post("/api/v1/events").then().statusCode(401);
        assertEquals(List.of(), stored());
    }

    private List<String> stored() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
            try (ResultSet rs = s.executeQuery("SELECT user_id, movie_id, type, occurred_at, recommendation_id "
                    + "FROM catalog.events ORDER BY user_id, movie_id, type")) {
                while (rs.next()) {
                    rows.add(rs.getInt(1) + " " + rs.getInt(2) + " " + rs.getString(3) + " " + rs.getString(4) + " "
                            + rs.getString(5));
                }
            }
        }
        return rows;
    }
}
