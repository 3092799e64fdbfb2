package dev.recsys.ingestion;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling a large ratings load: in every phase (reading and COPY, the final merge, the key rebuild
 * of a first load) the run ends CANCELLED within two seconds of the request, whether it reached the
 * worker's own process or only the run's record (another replica), and the catalog is exactly as before.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class IngestionCancelTest extends IngestionTestSupport {

    private static final int MOVIES = 2_000;
    private static final int USERS = 20_000;
    private static final int RATINGS_PER_USER = 100;

    @TempDir
    static Path dir;

    private static Path small;
    private static Path large;

    /** A small release (500 ratings) and a large one (2,000,000 ratings, about 50 MB) of the same 2,000 movies. */
    @BeforeAll
    static void writeReleases() throws IOException {
        small = Files.createDirectories(dir.resolve("small"));
        large = Files.createDirectories(dir.resolve("large"));
        for (Path release : new Path[] {small, large}) {
            try (BufferedWriter out = Files.newBufferedWriter(release.resolve("movies.csv"), StandardCharsets.UTF_8)) {
                out.write("movieId,title,genres\n");
                for (int m = 1; m <= MOVIES; m++) {
                    out.write(m + ",Movie " + m + " (" + (1950 + m % 70) + ")," + (m % 2 == 0 ? "Drama" : "Comedy|Drama") + "\n");
                }
            }
        }
        writeRatings(small.resolve("ratings.csv"), 5);
        writeRatings(large.resolve("ratings.csv"), USERS);
    }

    private static void writeRatings(Path file, int users) throws IOException {
        StringBuilder line = new StringBuilder(64);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("userId,movieId,rating,timestamp\n");
            for (int u = 1; u <= users; u++) {
                for (int k = 0; k < RATINGS_PER_USER; k++) {
                    int movie = 1 + (u * 7 + k * 13) % MOVIES;
                    line.setLength(0);
                    line.append(u).append(',').append(movie).append(',').append(1 + (u + k) % 9 * 0.5)
                            .append(',').append(964_982_703L + u * 100L + k).append('\n');
                    out.append(line);
                }
            }
        }
    }

    private long start(Path release) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("source", "movielens", "location", release.toString()))
                .when().post("/api/v1/ingestions").then().statusCode(202).extract().jsonPath().getLong("id");
    }

    private JsonPath job(long id) {
        return given().header("Authorization", ADMIN).when().get("/api/v1/ingestions/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Asks for the cancel, waits for the end; returns the final job and sets {@code millis[0]} to the time it took. */
    private JsonPath cancel(long id, long[] millis) {
        given().header("Authorization", ADMIN).when().post("/api/v1/ingestions/" + id + "/cancel").then().statusCode(202);
        long cancelledAt = System.nanoTime();
        JsonPath job = awaitFinished(id);
        millis[0] = (System.nanoTime() - cancelledAt) / 1_000_000;
        return job;
    }

    private void assertCancelled(JsonPath job, long millis) {
        assertEquals("CANCELLED", job.getString("status"), job.prettify());
        assertEquals("cancelled on request. Nothing from this ingestion was saved: the catalog is as it was.",
                job.getString("error"));
        assertTrue(millis < 2_000, "CANCELLED " + millis + " ms after the cancel request");
    }

    private long ratingsPrimaryKeys() throws SQLException {
        return count("SELECT count(*) FROM pg_constraint WHERE conname = 'ratings_pkey' "
                + "AND conrelid = 'catalog.ratings'::regclass");
    }

    @Test
    void aCancelWhileRatingsAreCopiedRollsTheFirstLoadBack() throws Exception {
        // Movies only: the ratings table is empty, so the large load copies straight into it without its key.
        Files.createDirectories(dir.resolve("movies-only"));
        Files.copy(small.resolve("movies.csv"), dir.resolve("movies-only/movies.csv"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("SUCCEEDED", ingest("movielens", dir.resolve("movies-only").toString()).getString("status"));
        execute("UPDATE catalog.movies SET title = 'Before the load' WHERE movie_id = 1");

        long id = start(large);
        long deadline = System.currentTimeMillis() + 10_000;
        while (!"RUNNING".equals(job(id).getString("status")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(1_000);
        JsonPath running = job(id);
        assertEquals("RUNNING", running.getString("status"), "still loading 1 s in: " + running.prettify());
        long[] millis = new long[1];
        JsonPath job = cancel(id, millis);
        assertCancelled(job, millis[0]);
        System.out.printf("Cancel while copying: CANCELLED after %d ms, %d ratings read%n", millis[0],
                job.getLong("counts.ratings.read"));
        assertTrue(job.getLong("counts.ratings.read") < (long) USERS * RATINGS_PER_USER, "stopped while reading: " + job.prettify());

        assertEquals(0, count("SELECT count(*) FROM catalog.ratings"));
        assertEquals(0, count("SELECT count(*) FROM catalog.users"));
        assertEquals(MOVIES, count("SELECT count(*) FROM catalog.movies"));
        assertEquals(1, count("SELECT count(*) FROM catalog.movies WHERE movie_id = 1 AND title = 'Before the load'"));
        assertEquals(1, ratingsPrimaryKeys(), "the dropped primary key came back with the rollback");
        // The slot is free and the next load works.
        assertEquals("SUCCEEDED", ingest("movielens", small.toString()).getString("status"));
        assertEquals(5L * RATINGS_PER_USER, count("SELECT count(*) FROM catalog.ratings"));
    }

    /**
     * Waits until the load's transaction runs a statement starting with {@code prefix} (seen in
     * pg_stat_activity), and returns how long that took; fails when the run ends first.
     */
    private long awaitStatement(long id, String prefix) throws Exception {
        long started = System.nanoTime();
        long deadline = System.currentTimeMillis() + 25_000;
        while (count("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '" + prefix + "%'") == 0) {
            String status = job(id).getString("status");
            assertTrue(status.equals("QUEUED") || status.equals("RUNNING"), status + " while waiting for: " + prefix);
            assertTrue(System.currentTimeMillis() < deadline, "no statement starting with " + prefix + " in 25 s");
            Thread.sleep(20);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Test
    void aCancelSeenInTheRunRecordStopsTheFinalMerge() throws Exception {
        assertEquals("SUCCEEDED", ingest("movielens", small.toString()).getString("status"));
        long ratingsBefore = count("SELECT count(*) FROM catalog.ratings");
        assertEquals(5L * RATINGS_PER_USER, ratingsBefore);

        // The ratings table is not empty: rows go to a staging table and one upsert merges them at the end.
        long id = start(large);
        long reached = awaitStatement(id, "WITH upserted AS (INSERT INTO catalog.ratings");
        assertEquals("RUNNING", job(id).getString("status"));
        // As another replica's POST /cancel does: only the flag in the run's record. The worker hears of it
        // at its next progress report (once a second) and aborts the running statement.
        execute("UPDATE catalog.ingestion_runs SET cancel_requested = true WHERE id = " + id);
        long cancelledAt = System.nanoTime();
        JsonPath job = awaitFinished(id);
        long millis = (System.nanoTime() - cancelledAt) / 1_000_000;
        assertCancelled(job, millis);
        System.out.printf("Cancel in the final merge, through the record (reached after %d ms): CANCELLED after %d ms%n",
                reached, millis);

        assertEquals(ratingsBefore, count("SELECT count(*) FROM catalog.ratings"));
        assertEquals(5, count("SELECT count(*) FROM catalog.users"));
        assertEquals((long) USERS * RATINGS_PER_USER, job.getLong("counts.ratings.read"), "every row had been read");
        assertEquals(0, count("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'WITH upserted AS%' AND state = 'active'"),
                "the merge no longer runs");
    }

    @Test
    void aCancelDuringTheKeyRebuildOfAFirstLoadRollsItBack() throws Exception {
        Files.createDirectories(dir.resolve("movies-only"));
        Files.copy(small.resolve("movies.csv"), dir.resolve("movies-only/movies.csv"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("SUCCEEDED", ingest("movielens", dir.resolve("movies-only").toString()).getString("status"));

        // An empty ratings table: rows are copied straight into it without its key, rebuilt in one pass at the end.
        long id = start(large);
        long reached = awaitStatement(id, "ALTER TABLE catalog.ratings ADD CONSTRAINT ratings_pkey");
        long[] millis = new long[1];
        JsonPath job = cancel(id, millis);
        assertCancelled(job, millis[0]);
        System.out.printf("Cancel in the key rebuild (reached after %d ms): CANCELLED after %d ms%n", reached, millis[0]);

        assertEquals(0, count("SELECT count(*) FROM catalog.ratings"));
        assertEquals(0, count("SELECT count(*) FROM catalog.users"));
        assertEquals(1, ratingsPrimaryKeys(), "the dropped primary key came back with the rollback");
    }
}
