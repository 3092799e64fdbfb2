package dev.recsys.recommendation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The dashboard's insights panel and movie card read the TMDB tables through the shared catalog insights. */
@QuarkusTest
@QuarkusTestResource(value = RecsFixture.class, restrictToAnnotatedClass = true)
class DashboardInsightsTest extends RecsTestSupport {

    @Test
    void insightsPanelAndAMoviesMoney() throws Exception {
        given().header("Authorization", ADMIN).when().get("/api/v1/dashboard/insights").then().statusCode(200)
                .body("releasesByMonth.items.movies.sum()", equalTo(0)).body("collections.total", equalTo(0));
        int movieId;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT min(movie_id) FROM catalog.movies");
            rs.next();
            movieId = rs.getInt(1);
            s.execute("UPDATE catalog.movies SET tmdb_id = 862, imdb_id = 114709 WHERE movie_id = " + movieId);
            s.execute("""
                    INSERT INTO catalog.tmdb_movies (tmdb_id, imdb_id, title, release_date, release_year, release_month, budget,
                                                     revenue, collection, collection_key, vote_average, vote_count)
                    VALUES (862, 114709, 'Toy Story', '1995-10-30', 1995, 10, 30000000, 373554033, 'Toy Story Collection',
                            'toy story collection', 7.7, 5415),
                           (10193, NULL, 'Toy Story 3', '2010-06-16', 2010, 6, 200000000, 1066969703, 'Toy Story Collection',
                            'toy story collection', 7.6, 4710),
                           (11, NULL, 'Star Wars', '1977-05-25', 1977, 5, 11000000, NULL, NULL, NULL, 8.1, 6778)""");
            s.execute("""
                    INSERT INTO catalog.tmdb_movie_names (tmdb_id, kind, position, code, name, name_key)
                    VALUES (862, 'company', 0, '3', 'Pixar', 'pixar'), (10193, 'company', 0, '3', 'Pixar', 'pixar'),
                           (11, 'company', 0, '1', 'Lucasfilm', 'lucasfilm')""");
        }
        given().header("Authorization", ADMIN).when().get("/api/v1/dashboard/insights").then().statusCode(200)
                .body("releasesByMonth.items[9].name", equalTo("October")).body("releasesByMonth.items[9].movies", equalTo(1))
                .body("releasesByWeekday.items[2].movies", equalTo(2))
                .body("collections.items.name", contains("Toy Story Collection"))
                .body("collections.items[0].revenueTotal", equalTo(1_440_523_736))
                .body("companies.items.name", contains("Pixar", "Lucasfilm"))
                .body("companies.items[1].moviesWithRevenue", equalTo(0));
        given().header("Authorization", ADMIN).when().get("/api/v1/dashboard/movies/" + movieId + "/money").then()
                .statusCode(200).body("tmdbId", equalTo(862)).body("imdbId", equalTo("tt0114709"))
                .body("budget", equalTo(30_000_000)).body("revenue", equalTo(373_554_033));
        given().header("Authorization", ADMIN).when().get("/api/v1/dashboard/movies/987654321/money").then().statusCode(404)
                .body("detail", equalTo("no TMDB movie is linked to movie 987654321"));
    }

    @Test
    void publicRatingPanelShowsTheActiveVersionsHeldOutMovies() throws Exception {
        long version;
        int movieId;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT version FROM training.model_versions WHERE status = 'ACTIVE'");
            rs.next();
            version = rs.getLong(1);
            rs = s.executeQuery("SELECT max(movie_id) FROM catalog.movies");
            rs.next();
            movieId = rs.getInt(1);
            s.execute("UPDATE catalog.movies SET imdb_id = 76759 WHERE movie_id = " + movieId);
            s.execute("UPDATE training.model_versions SET metrics = jsonb_set(metrics, '{publicRating}', "
                    + "'{\"scale\": \"tmdb\", \"model\": {\"r2\": 0.61, \"coverage\": 0.79}, \"trees\": {\"r2\": 0.58}}') "
                    + "WHERE version = " + version);
            s.execute("INSERT INTO training.public_rating_held_out (version, position, movie_id, tmdb_id, title, year, predicted, "
                    + "low, high, actual) VALUES (" + version + ", 0, " + movieId + ", NULL, 'Star Wars', 1977, 7.9, 7.1, 8.6, 8.1), "
                    + "(" + version + ", 1, NULL, 10193, 'Toy Story 3', 2010, 7.4, 6.6, 8.2, 7.6), "
                    + "(" + version + ", 2, NULL, 5, 'Undated', NULL, 5.0, 4.0, 6.0, 4.5)");
        }
        given().header("Authorization", ADMIN).when().get("/api/v1/dashboard/public-rating").then().statusCode(200)
                .body("version", equalTo((int) version)).body("scale", equalTo("tmdb")).body("r2", equalTo(0.61f))
                .body("coverage", equalTo(0.79f)).body("treesR2", equalTo(0.58f)).body("heldOut", equalTo(3))
                .body("served", equalTo("ridge")).body("ridgeR2", equalTo(0.61f))
                .body("points.size()", equalTo(3))
                .body("recent.title", contains("Toy Story 3", "Star Wars", "Undated"))
                .body("recent[0].tmdbId", equalTo(10193)).body("recent[1].imdbId", equalTo(76759))
                .body("recent[1].movieId", equalTo(movieId)).body("recent[1].actual", equalTo(8.1f));

        // A version that serves its trees shows the trees' R² and coverage.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE training.model_versions SET metrics = jsonb_set(metrics, '{publicRating}', "
                    + "'{\"scale\": \"tmdb\", \"served\": \"trees\", \"model\": {\"r2\": 0.39, \"coverage\": 0.8}, "
                    + "\"trees\": {\"r2\": 0.42, \"coverage\": 0.81}}') WHERE version = " + version);
        }
        given().header("Authorization", ADMIN).when().get("/api/v1/dashboard/public-rating").then().statusCode(200)
                .body("served", equalTo("trees")).body("r2", equalTo(0.42f)).body("coverage", equalTo(0.81f))
                .body("ridgeR2", equalTo(0.39f)).body("treesR2", equalTo(0.42f));
    }
}
