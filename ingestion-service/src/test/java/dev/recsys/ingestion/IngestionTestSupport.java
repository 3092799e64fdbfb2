package dev.recsys.ingestion;

import static io.restassured.RestAssured.given;

import dev.recsys.client.JobPolling;
import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** Shared steps of the ingestion HTTP tests: a clean catalog per test, and running a job to its end. */
public abstract class IngestionTestSupport {

    public static final String ADMIN = "Bearer test-admin-token";

    @Inject
    protected AgroalDataSource dataSource;

    @BeforeEach
    void emptyCatalog() throws SQLException {
        execute("TRUNCATE catalog.events, catalog.credits, catalog.people, catalog.tags, catalog.ratings, catalog.users, "
                + "catalog.genome_tags, catalog.movie_plots, catalog.movie_texts, catalog.movie_release_texts, catalog.movies, catalog.ingestion_runs, "
                + "catalog.tmdb_credits, catalog.tmdb_movie_names, catalog.tmdb_movies");
    }

    /** Starts an ingestion and waits for it to finish; returns the final job JSON. */
    protected JsonPath ingest(String source, String location) {
        long id = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("source", source, "location", location))
                .when().post("/api/v1/ingestions")
                .then().statusCode(202).extract().jsonPath().getLong("id");
        return awaitFinished(id);
    }

    protected JsonPath awaitFinished(long id) {
        return JobPolling.awaitFinished("ingestion " + id, Duration.ofMinutes(2), Duration.ofMillis(100),
                () -> given().header("Authorization", ADMIN).when().get("/api/v1/ingestions/" + id)
                        .then().statusCode(200).extract().jsonPath(),
                job -> job.getString("status"));
    }

    protected JsonPath stats() {
        return given().when().get("/api/v1/catalog/stats").then().statusCode(200).extract().jsonPath();
    }

    protected long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    protected void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
