package dev.recsys.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.sample.SampleDataGenerator;
import dev.recsys.sample.SampleDataGenerator.Options;
import dev.recsys.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input of every kind: rows are rejected with file, line and reason while good rows load;
 * files unusable as a whole fail the job and leave the catalog exactly as it was.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class BadInputTest extends IngestionTestSupport {

    @TempDir
    Path dir;

    private static final String MOVIES = """
            movieId,title,genres
            1,Toy Story (1995),Adventure|Animation
            2,"American President, The (1995)",Comedy|Drama
            3,Heat (1995),Action
            """;

    private Path release(String name, Map<String, byte[]> files) throws IOException {
        Path release = Files.createDirectories(dir.resolve(name));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(release.resolve(file.getKey()), file.getValue());
        }
        return release;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> reject(JsonPath job, long line) {
        return job.getList("rejects", Map.class).stream().filter(r -> ((Number) r.get("line")).longValue() == line)
                .findFirst().orElseThrow(() -> new AssertionError("no reject for line " + line + ": " + job.prettify()));
    }

    @Test
    void badRatingRowsAreRejectedWithFileLineAndReasonAndGoodRowsLoad() throws IOException {
        String ratings = """
                userId,movieId,rating,timestamp
                1,1,4.0,964982703
                1,2,4.5
                x,3,3.0,964982703
                1,3,6.0,964982703
                2,1,3.7,964982703
                2,99,3.0,964982703
                1,1,2.0,964982800
                2,2,abc,964982703
                2,3,3.5,-5
                3,3,5.0,964982703
                """;
        Path release = release("ratings", Map.of("movies.csv", utf8(MOVIES), "ratings.csv", utf8(ratings)));
        JsonPath job = ingest("movielens", release.toString());

        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals(10, job.getInt("counts.ratings.read"));
        assertEquals(2, job.getInt("counts.ratings.inserted"));
        assertEquals(8, job.getInt("counts.ratings.rejected"));
        String file = release.resolve("ratings.csv").toString();
        assertEquals(file, reject(job, 3).get("file"));
        assertEquals("expected 4 fields (userId, movieId, rating, timestamp) but found 3", reject(job, 3).get("reason"));
        assertEquals("userId 'x' is not a positive integer", reject(job, 4).get("reason"));
        assertEquals("rating 6 is outside 0.5–5.0", reject(job, 5).get("reason"));
        assertEquals("rating 3.7 is not a multiple of 0.5", reject(job, 6).get("reason"));
        assertEquals("unknown movieId 99: it is neither in movies.csv nor in the catalog", reject(job, 7).get("reason"));
        assertEquals("duplicate rating of movie 1 by user 1", reject(job, 8).get("reason"));
        assertEquals("rating 'abc' is not a number", reject(job, 9).get("reason"));
        assertEquals("timestamp '-5' is not a Unix time in seconds", reject(job, 10).get("reason"));
        assertEquals(2, stats().getInt("ratings"));
        // The first of the duplicate pair is the one kept.
        given().when().get("/api/v1/users/1/ratings").then().body("items[0].rating", equalTo(4.0f));
    }

    @Test
    void invalidUtf8AndMalformedCsvRowsAreRejected() throws IOException {
        byte[] movies = concat(utf8("movieId,title,genres\n1,Toy Story (1995),Animation\n2,Bad "),
                new byte[] {(byte) 0xC3, (byte) 0x28}, utf8(" Title (1999),Drama\n3,\"Unclosed (1999),Drama\n4,Heat,(1995),Action\n"));
        Path release = release("utf8", Map.of("movies.csv", movies));
        JsonPath job = ingest("movielens", release.toString());

        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals(1, job.getInt("counts.movies.inserted"));
        assertEquals(3, job.getInt("counts.movies.rejected"));
        assertEquals("invalid UTF-8 byte sequence", reject(job, 3).get("reason"));
        assertEquals("malformed CSV (unbalanced quotes?)", reject(job, 4).get("reason"));
        assertEquals("expected 3 fields (movieId,title,genres) but found 4", reject(job, 5).get("reason"));
    }

    @Test
    void onlyTheFirstHundredRejectsAreListedButAllAreCounted() throws IOException {
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int i = 0; i < 250; i++) {
            ratings.append(i + 1).append(",1,9.0,964982703\n");
        }
        Path release = release("many", Map.of("movies.csv", utf8(MOVIES), "ratings.csv", utf8(ratings.toString())));
        JsonPath job = ingest("movielens", release.toString());
        assertEquals(250, job.getInt("counts.ratings.rejected"));
        assertEquals(100, job.getList("rejects").size());
    }

    @Test
    void truncatedGzipFailsTheJobAndLeavesTheCatalogAsItWas() throws IOException {
        Path good = release("good", Map.of("movies.csv", utf8(MOVIES),
                "ratings.csv", utf8("userId,movieId,rating,timestamp\n1,1,4.0,964982703\n")));
        assertEquals("SUCCEEDED", ingest("movielens", good.toString()).getString("status"));

        // A new release: more movies, and a ratings.csv.gz cut in half.
        Path generated = dir.resolve("generated");
        new SampleDataGenerator(Options.small(generated).withSize(50, 200, 3_000)).write();
        byte[] gz = gzip(Files.readAllBytes(generated.resolve("ratings.csv")));
        Path broken = release("broken", Map.of("movies.csv", Files.readAllBytes(generated.resolve("movies.csv")),
                "ratings.csv.gz", Arrays.copyOf(gz, gz.length / 2)));
        JsonPath job = ingest("movielens", broken.toString());

        assertEquals("FAILED", job.getString("status"));
        assertTrue(job.getString("error").startsWith(broken.resolve("ratings.csv.gz") + " is truncated or corrupt: "
                + "it ends unexpectedly after line"), job.getString("error"));
        assertTrue(job.getString("error").endsWith("Nothing from this ingestion was saved: the catalog is as it was."));
        JsonPath stats = stats();
        assertEquals(3, stats.getInt("movies"), "the movies of the failed run were rolled back too");
        assertEquals(1, stats.getInt("ratings"));
        given().when().get("/api/v1/movies/2").then().body("title", equalTo("American President, The"));
    }

    @Test
    void truncatedZipFails() throws IOException {
        Path zip = dir.resolve("release.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("movies.csv"));
            out.write(utf8(MOVIES.repeat(50)));
            out.closeEntry();
        }
        byte[] bytes = Files.readAllBytes(zip);
        Files.write(zip, Arrays.copyOf(bytes, bytes.length - 30));
        JsonPath job = ingest("movielens", zip.toString());
        assertEquals("FAILED", job.getString("status"));
        assertTrue(job.getString("error").startsWith(zip + " is not a readable zip archive (truncated or corrupt"),
                job.getString("error"));
        assertEquals(0, stats().getInt("movies"));
    }

    @Test
    void emptyMissingAndUnknownInputsFailWithTheReason() throws IOException {
        Path empty = release("empty", Map.of("movies.csv", utf8(MOVIES), "ratings.csv", new byte[0]));
        JsonPath emptyJob = ingest("movielens", empty.toString());
        assertEquals("FAILED", emptyJob.getString("status"));
        assertTrue(emptyJob.getString("error").startsWith(empty.resolve("ratings.csv") + " is empty."), emptyJob.getString("error"));
        assertEquals(0, stats().getInt("movies"), "movies.csv of the failed run is not kept");

        JsonPath missing = ingest("movielens", dir.resolve("nowhere").toString());
        assertEquals("FAILED", missing.getString("status"));
        assertTrue(missing.getString("error").startsWith(dir.resolve("nowhere") + " does not exist."));

        Path unknown = release("unknown", Map.of("notes.txt", utf8("hello"), "data.json", utf8("{}")));
        JsonPath unknownJob = ingest("movielens", unknown.toString());
        assertEquals("FAILED", unknownJob.getString("status"));
        assertTrue(unknownJob.getString("error").startsWith(unknown + " is no known MovieLens release: expected "
                + "movies.csv/ratings.csv/links.csv/tags.csv/genome-scores.csv/genome-tags.csv (CSV releases)"), unknownJob.getString("error"));
        assertTrue(unknownJob.getString("error").contains("found: data.json, notes.txt"));

        Path header = release("header", Map.of("movies.csv", utf8("id;name;kind\n1;Heat;Action\n")));
        JsonPath headerJob = ingest("movielens", header.toString());
        assertEquals("FAILED", headerJob.getString("status"));
        assertTrue(headerJob.getString("error").startsWith(header.resolve("movies.csv")
                + " line 1: expected the header 'movieId,title,genres' but found 'id;name;kind'"), headerJob.getString("error"));
    }

    @Test
    void unreachableUrlFails() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/ml-latest.zip";
        JsonPath job = ingest("movielens", url);
        assertEquals("FAILED", job.getString("status"));
        assertTrue(job.getString("error").startsWith("cannot reach " + url), job.getString("error"));
    }

    @Test
    void imdbBeforeAnyMovieLensDataFailsAndBadImdbRowsAreRejected() throws IOException {
        Path imdb = release("imdb", Map.of("title.ratings.tsv", utf8("tconst\taverageRating\tnumVotes\ntt0000001\t7.5\t10\n")));
        JsonPath job = ingest("imdb", imdb.toString());
        assertEquals("FAILED", job.getString("status"));
        assertTrue(job.getString("error").startsWith("the catalog has no movies with IMDb ids yet"), job.getString("error"));

        Path movies = release("ml", Map.of("movies.csv", utf8(MOVIES),
                "links.csv", utf8("movieId,imdbId,tmdbId\n1,0114709,862\n2,0112346,9087\n3,0113277,\n")));
        assertEquals("SUCCEEDED", ingest("movielens", movies.toString()).getString("status"));
        Path bad = release("imdb-bad", Map.of("title.ratings.tsv", utf8("""
                tconst\taverageRating\tnumVotes
                tt0114709\t8.3\t1000
                tt0112346\tlots\t5
                tt0113277\t7.8
                xx123\t1\t1
                tt9999999\t5.0\t1
                """)));
        JsonPath badJob = ingest("imdb", bad.toString());
        assertEquals("SUCCEEDED", badJob.getString("status"), badJob.prettify());
        assertEquals(1, badJob.getInt("counts.movies.updated"));
        assertEquals(3, badJob.getInt("counts.'title.ratings'.rejected"));
        assertEquals("averageRating 'lots' is not a number", reject(badJob, 3).get("reason"));
        assertEquals("expected 3 tab-separated fields but found 2", reject(badJob, 4).get("reason"));
        assertEquals("tconst is not an IMDb id (tt followed by digits)", reject(badJob, 5).get("reason"));
        given().when().get("/api/v1/movies/1").then().body("imdbRating", equalTo(8.3f)).body("imdbVotes", equalTo(1000));
    }

    @Test
    void aSecondIngestionWhileOneRunsIsRefusedWith409() throws IOException {
        Path generated = dir.resolve("big");
        new SampleDataGenerator(Options.small(generated).withSize(2_000, 2_000, 400_000)).write();
        long first = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("source", "movielens", "location", generated.toString()))
                .when().post("/api/v1/ingestions").then().statusCode(202).extract().jsonPath().getLong("id");
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("source", "movielens", "location", generated.toString()))
                .when().post("/api/v1/ingestions")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("ingestion " + first + " is already queued or running; wait for it to finish "
                        + "(GET /api/v1/ingestions/" + first + ")"));
        assertEquals("SUCCEEDED", awaitFinished(first).getString("status"));
    }

    @Test
    void adminTokenIsRequiredAndRequestsAreValidated() {
        Map<String, String> body = Map.of("source", "movielens", "location", "/tmp");
        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/ingestions")
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("this operation needs the header 'Authorization: Bearer <admin token>'"));
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/ingestions").then().statusCode(401).body("detail", equalTo("the admin token is not valid"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("source", "netflix", "location", "/tmp"))
                .when().post("/api/v1/ingestions").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("source")).body("errors[0].message", equalTo("must be 'movielens', 'imdb', 'plots' or 'tmdb'"));
        // A number is not one of the sources (no coercion to the n-th value).
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"source\": 1, \"location\": \"/tmp\"}")
                .when().post("/api/v1/ingestions").then().statusCode(400)
                .body("errors[0].field", equalTo("source")).body("errors[0].message", equalTo("must be 'movielens', 'imdb', 'plots' or 'tmdb'"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"source\": ")
                .when().post("/api/v1/ingestions").then().statusCode(400).body("detail", containsString("malformed JSON"));
        given().header("Authorization", ADMIN).when().get("/api/v1/ingestions/424242").then().statusCode(404).body("detail", equalTo("no ingestion with id 424242"));
        given().header("Authorization", ADMIN).when().get("/api/v1/ingestions?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    private static byte[] gzip(byte[] data) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return bytes.toByteArray();
    }
}
