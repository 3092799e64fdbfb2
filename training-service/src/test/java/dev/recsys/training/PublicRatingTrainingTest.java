package dev.recsys.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A training run on a catalog with generated IMDb dumps (planted effects; every 10th movie without an
 * IMDb rating): the version records the IMDb-rating model's evaluation against the genre mean and
 * trees, stores the model, and predicts a rating with its interval for each movie that has none.
 */
@QuarkusTest
@QuarkusTestResource(value = CatalogFixture.class, restrictToAnnotatedClass = true, initArgs = {
    @ResourceArg(name = "users", value = "200"), @ResourceArg(name = "movies", value = "1500"),
    @ResourceArg(name = "ratings", value = "20000"), @ResourceArg(name = "imdb", value = "true")})
class PublicRatingTrainingTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRunStoresTheImdbRatingModelItsEvaluationAndPredictionsForUnratedMovies() throws Exception {
        JsonPath run = TrainingRunTest.train(Map.of("tune", false, "epochs", 2, "activate", "always"));
        assertEquals("SUCCEEDED", run.getString("status"), run.prettify());
        assertNull(run.get("metrics.publicRating.absentReason"), run.prettify());
        assertEquals(4, run.getInt("metrics.publicRating.format"));
        assertEquals("imdb", run.getString("metrics.publicRating.scale"));
        assertEquals(false, run.getBoolean("metrics.publicRating.releaseFacts"), "no TMDB metadata was ingested");
        assertEquals(false, run.getBoolean("metrics.publicRating.releaseText"), "no movie text was ingested");
        assertEquals(10, run.getInt("metrics.publicRating.minVotes"));
        // 1,350 rated movies (every 10th of 1,500 left unrated): a fifth held out.
        assertEquals(270, run.getInt("metrics.publicRating.testMovies"), run.prettify());
        assertEquals(1080, run.getInt("metrics.publicRating.trainMovies"));
        assertTrue(run.getDouble("metrics.publicRating.model.rmse") < run.getDouble("metrics.publicRating.genreMean.rmse"),
                run.prettify());
        assertNotNull(run.get("metrics.publicRating.trees.r2"), run.prettify());
        assertEquals("xgboost4j 3.4.0", run.getString("metrics.publicRating.treesLibrary"));
        // The kind with the lower held-out RMSE is served; the trees' interval is measured too.
        boolean treesWin = run.getDouble("metrics.publicRating.trees.rmse") < run.getDouble("metrics.publicRating.model.rmse");
        assertEquals(treesWin ? "trees" : "ridge", run.getString("metrics.publicRating.served"), run.prettify());
        assertNotNull(run.get("metrics.publicRating.trees.coverage"), run.prettify());
        assertTrue(run.getInt("metrics.publicRating.treeRounds") > 0, run.prettify());
        double coverage = run.getDouble("metrics.publicRating.model.coverage");
        assertTrue(coverage > 0.65 && coverage < 0.95, "270 movies: coverage " + coverage);
        long version = run.getLong("modelVersion");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT public_rating IS NOT NULL, public_rating_format, public_rating_absent "
                    + "FROM training.model_versions WHERE version = " + version)) {
                assertTrue(rs.next());
                assertTrue(rs.getBoolean(1));
                assertEquals(4, rs.getInt(2));
                assertNull(rs.getString(3));
            }
            // The evaluation's held-out movies, predicted against actual (the dashboard's panel).
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(movie_id), count(*) FILTER (WHERE actual BETWEEN 1 AND 10 "
                    + "AND low <= high), count(DISTINCT position) FROM training.public_rating_held_out WHERE version = " + version)) {
                assertTrue(rs.next());
                assertEquals(270, rs.getLong(1));
                assertEquals(270, rs.getLong(2), "every held-out movie is a catalog movie here");
                assertEquals(270, rs.getLong(3));
                assertEquals(270, rs.getLong(4));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE low < predicted AND predicted < high "
                    + "AND low >= 1 AND high <= 10), (SELECT count(*) FROM catalog.movies WHERE imdb_rating IS NULL) "
                    + "FROM training.public_rating_predictions WHERE version = " + version)) {
                assertTrue(rs.next());
                assertEquals(150, rs.getLong(3));
                assertEquals(150, rs.getLong(1), "one prediction per movie without an IMDb rating");
                assertEquals(150, rs.getLong(2), "each inside its interval, on IMDb's scale");
            }
        }
    }
}
