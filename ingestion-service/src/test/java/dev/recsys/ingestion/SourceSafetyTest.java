package dev.recsys.ingestion;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.recsys.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an ingestion may read from (allowed directories after links and '..' are resolved; no
 * loopback, private or link-local hosts unless listed), the download limits (idle timeout, overall
 * deadline, nothing left on disk) and cancelling a running ingestion. The test profile allows the
 * temporary directory and the host 127.0.0.1, with a 2 s idle timeout and a 6 s deadline.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class SourceSafetyTest extends IngestionTestSupport {

    private static final Path DOWNLOADS = Path.of(System.getProperty("java.io.tmpdir"), "recsys-test-downloads");

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "test-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                if (path.equals("/trickle.zip")) {
                    exchange.sendResponseHeaders(200, 1_000);
                    for (int i = 0; i < 1_000; i++) {   // one byte every 500 ms: never idle, never done
                        out.write('P');
                        out.flush();
                        Thread.sleep(500);
                    }
                } else if (path.equals("/stall.zip")) {
                    exchange.sendResponseHeaders(200, 1_000);
                    out.write('P');
                    out.flush();
                    Thread.sleep(30_000);
                } else if (path.equals("/redirect-inside")) {
                    exchange.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort() + "/x");
                    exchange.sendResponseHeaders(302, -1);
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            } catch (InterruptedException | IOException e) {
                // the client went away: that is what these tests do
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void assertNoDownloadLeft() throws IOException {
        if (Files.isDirectory(DOWNLOADS)) {
            try (Stream<Path> files = Files.list(DOWNLOADS)) {
                assertEquals(0, files.count(), "files left in " + DOWNLOADS);
            }
        }
    }

    @Test
    void localLocationsOutsideTheAllowedDirectoriesAreRefusedWithoutReadingThem() throws IOException {
        JsonPath etc = ingest("movielens", "/etc");
        assertEquals("FAILED", etc.getString("status"));
        assertTrue(etc.getString("error").startsWith("location /etc is outside the directories ingestion may read "
                + "(recsys.ingestion.allowed-dirs: "), etc.getString("error"));
        assertFalse(etc.getString("error").contains("passwd"), "no directory listing in the error");

        JsonPath proc = ingest("movielens", "/proc/self/environ");
        assertTrue(proc.getString("error").startsWith("location /proc/self/environ is outside"), proc.getString("error"));

        String escape = dir + "/../../../etc";
        JsonPath dots = ingest("movielens", escape);
        assertTrue(dots.getString("error").startsWith("location " + escape + " is outside"), dots.getString("error"));

        Path link = Files.createSymbolicLink(dir.resolve("release"), Path.of("/etc"));
        JsonPath linked = ingest("movielens", link.toString());
        assertEquals("location " + link + " leads (through a symbolic link) outside the directories ingestion may read "
                + "(recsys.ingestion.allowed-dirs). Nothing from this ingestion was saved: the catalog is as it was.",
                linked.getString("error"));

        Path release = Files.createDirectories(dir.resolve("with-link"));
        Files.writeString(release.resolve("movies.csv"), "movieId,title,genres\n1,Toy Story (1995),Animation\n");
        Path secret = Files.createSymbolicLink(release.resolve("ratings.csv"), Path.of("/etc/hostname"));
        JsonPath inside = ingest("movielens", release.toString());
        assertEquals("FAILED", inside.getString("status"));
        assertTrue(inside.getString("error").startsWith(secret + " is a symbolic link to outside the directories"),
                inside.getString("error"));
        assertEquals(0, stats().getInt("movies"), "nothing loaded");
    }

    @Test
    void internalHostsAreRefusedBeforeAnyConnection() {
        int port = server.getAddress().getPort();
        for (String location : new String[] {"http://localhost:" + port + "/ml.zip", "http://169.254.169.254/latest/meta-data",
                "http://10.1.2.3/ml.zip", "http://[::1]:" + port + "/ml.zip", "http://0.0.0.0:" + port + "/ml.zip"}) {
            JsonPath job = ingest("movielens", location);
            assertEquals("FAILED", job.getString("status"));
            assertTrue(job.getString("error").startsWith("location " + location + " is refused: host "),
                    job.getString("error"));
            assertTrue(job.getString("error").contains("unless it is listed in recsys.ingestion.allowed-hosts"));
        }
        assertEquals(0, requests.get(), "the refused locations were never fetched");

        // A listed host may not redirect to an unlisted internal one.
        JsonPath redirected = ingest("movielens", url("/redirect-inside"));
        assertTrue(redirected.getString("error").startsWith("location http://localhost:" + port + "/x is refused"),
                redirected.getString("error"));
        assertEquals(1, requests.get(), "only the first hop was fetched");

        JsonPath file = ingest("movielens", "file:///etc/passwd");
        assertTrue(file.getString("error").startsWith("location file:///etc/passwd is not an http(s) URL"),
                file.getString("error"));
    }

    @Test
    void aTricklingOrStalledDownloadFailsInTimeAndLeavesNothingBehind() throws IOException {
        long started = System.currentTimeMillis();
        JsonPath trickle = ingest("movielens", url("/trickle.zip"));
        assertEquals("FAILED", trickle.getString("status"));
        assertTrue(trickle.getString("error").startsWith("download of " + url("/trickle.zip")
                + " stopped: it took longer than 6 s (recsys.ingestion.download-deadline)"), trickle.getString("error"));
        assertTrue(System.currentTimeMillis() - started < 15_000, "the deadline held");
        assertNoDownloadLeft();

        JsonPath stall = ingest("movielens", url("/stall.zip"));
        assertEquals("FAILED", stall.getString("status"));
        assertTrue(stall.getString("error").startsWith("download of " + url("/stall.zip")
                + " stopped: no data for 2 s (recsys.ingestion.download-idle-timeout)"), stall.getString("error"));
        assertNoDownloadLeft();
    }

    @Test
    void aZipBombAndAFileOfMostlyBadRowsFailWithTheirFigures() throws IOException {
        Path bomb = dir.resolve("bomb.zip");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("movies.csv"));
            zip.write("movieId,title,genres\n1,Toy Story (1995),Animation\n".getBytes());
            zip.putNextEntry(new java.util.zip.ZipEntry("ratings.csv"));
            zip.write("userId,movieId,rating,timestamp\n".getBytes());
            byte[] line = "1,1,oops,964982703\n".getBytes();
            for (int i = 0; i < 1_500_000; i++) {   // 28 MB that compress about 1,000 times
                zip.write(line);
            }
        }
        JsonPath job = ingest("movielens", bomb.toString());
        assertEquals("FAILED", job.getString("status"));
        assertTrue(job.getString("error").startsWith(bomb + "!/ratings.csv expands to more than 200 times its compressed "
                + "size of "), job.getString("error"));
        assertTrue(job.getString("error").contains("(recsys.ingestion.max-expansion-ratio): refused as a likely zip bomb"));

        Path mostlyBad = Files.createDirectories(dir.resolve("mostly-bad"));
        Files.writeString(mostlyBad.resolve("movies.csv"), "movieId,title,genres\n1,Toy Story (1995),Animation\n");
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int user = 1; user <= 200; user++) {
            ratings.append(user).append(",1,").append(user <= 50 ? "4.0" : "nine").append(",964982703\n");
        }
        Files.writeString(mostlyBad.resolve("ratings.csv"), ratings);
        JsonPath bad = ingest("movielens", mostlyBad.toString());
        assertEquals("FAILED", bad.getString("status"));
        assertTrue(bad.getString("error").startsWith("150 of 200 ratings rows were rejected (75 %), more than the 50 % allowed "
                + "(recsys.ingestion.max-reject-share)"), bad.getString("error"));
        assertEquals(0, stats().getInt("ratings"), "nothing saved");
    }

    @Test
    void aRunningIngestionCanBeCancelledAndAFinishedOneCannot() throws Exception {
        long id = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("source", "movielens", "location", url("/trickle.zip")))
                .when().post("/api/v1/ingestions").then().statusCode(202).extract().jsonPath().getLong("id");
        Thread.sleep(1_000);
        given().when().post("/api/v1/ingestions/" + id + "/cancel").then().statusCode(401);
        given().header("Authorization", ADMIN).when().post("/api/v1/ingestions/" + id + "/cancel")
                .then().statusCode(202);
        long cancelledAt = System.currentTimeMillis();
        JsonPath job = awaitFinished(id);
        assertEquals("CANCELLED", job.getString("status"));
        assertTrue(System.currentTimeMillis() - cancelledAt < 4_000, "stopped within seconds");
        assertEquals("cancelled on request. Nothing from this ingestion was saved: the catalog is as it was.",
                job.getString("error"));
        assertNoDownloadLeft();

        given().header("Authorization", ADMIN).when().post("/api/v1/ingestions/" + id + "/cancel")
                .then().statusCode(409);
        given().header("Authorization", ADMIN).when().post("/api/v1/ingestions/999999/cancel")
                .then().statusCode(404);
    }

    /** A zip of the given entries (name, content), each deflated. */
    private static void zip(Path archive, Map<String, byte[]> entries) throws IOException {
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(archive))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
            }
        }
    }

    private static final String NOTHING_SAVED = "Nothing from this ingestion was saved: the catalog is as it was.";
    private static final byte[] MOVIES = "movieId,title,genres\n1,Toy Story (1995),Animation\n".getBytes();
    private static final byte[] RATINGS = "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n".getBytes();

    @Test
    void zipEntriesNamedOutsideTheArchiveAreRefusedByName() throws IOException {
        List<String> hostile = List.of("../../../../tmp/x/movies.csv", "/tmp/x/movies.csv", "ml\\..\\..\\movies.csv",
                "C:/x/movies.csv", "ml/../../ratings.csv", "../.hidden");
        for (int i = 0; i < hostile.size(); i++) {
            Path archive = dir.resolve("hostile-" + i + ".zip");
            Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
            entries.put("ml/movies.csv", MOVIES);
            entries.put("ml/ratings.csv", RATINGS);
            entries.put(hostile.get(i), MOVIES);
            zip(archive, entries);
            JsonPath job = ingest("movielens", archive.toString());
            assertEquals("FAILED", job.getString("status"), hostile.get(i));
            assertEquals(archive + "!/" + hostile.get(i) + ": an entry's name may not be an absolute path or contain '..' "
                    + "(it points outside the archive): the archive is refused. " + NOTHING_SAVED, job.getString("error"));
            assertEquals(0, stats().getInt("movies"), "nothing saved from " + hostile.get(i));
        }
        // '..' inside a name is no path component: such an archive loads.
        Path fine = dir.resolve("fine.zip");
        zip(fine, Map.of("ml..v2/movies.csv", MOVIES, "ml..v2/ratings.csv", RATINGS));
        JsonPath job = ingest("movielens", fine.toString());
        assertEquals("SUCCEEDED", job.getString("status"), job.getString("error"));
        assertEquals(1, stats().getInt("ratings"));
    }

    @Test
    void aZipBombIsRefusedWithinASecondWhetherItDeclaresItsSizeOrNot() throws IOException {
        // 1,500,000 valid rows, 28 MB that deflate about 1,000 times: before, 200 x its packed size of them were
        // parsed and loaded before the ratio refused it.
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        content.writeBytes("userId,movieId,rating,timestamp\n".getBytes());
        byte[] row = "1,1,4.0,964982703\n".getBytes();
        for (int i = 0; i < 1_500_000; i++) {
            content.writeBytes(row);
        }
        byte[] ratings = content.toByteArray();
        Path bomb = dir.resolve("valid-rows-bomb.zip");
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("movies.csv", MOVIES);
        entries.put("ratings.csv", ratings);
        zip(bomb, entries);
        JsonPath job = ingest("movielens", bomb.toString());
        assertEquals("FAILED", job.getString("status"));
        assertTrue(job.getString("error").startsWith(bomb + "!/ratings.csv expands to more than 200 times its compressed "
                + "size of "), job.getString("error"));
        assertTrue(job.getString("error").endsWith("(recsys.ingestion.max-expansion-ratio): refused as a likely zip bomb "
                + "(its archive declares " + ratings.length + " bytes). " + NOTHING_SAVED), job.getString("error"));
        assertWithinASecond(job);
        assertEquals(0, stats().getInt("ratings"), "nothing saved");

        // The same archive declaring 1,000 bytes for the entry (its central directory edited): refused at the 1,001st byte.
        Path liar = dir.resolve("lying-bomb.zip");
        byte[] archive = Files.readAllBytes(bomb);
        declareSize(archive, "ratings.csv", 1_000);
        Files.write(liar, archive);
        JsonPath lying = ingest("movielens", liar.toString());
        assertEquals("FAILED", lying.getString("status"));
        assertEquals(liar + "!/ratings.csv holds more than the 1000 bytes its archive declares: refused as a corrupt or "
                + "hostile archive. " + NOTHING_SAVED, lying.getString("error"));
        assertWithinASecond(lying);
        assertEquals(0, stats().getInt("ratings"), "nothing saved");
    }

    private static void assertWithinASecond(JsonPath job) {
        long millis = java.time.Duration.between(java.time.Instant.parse(job.getString("startedAt")),
                java.time.Instant.parse(job.getString("finishedAt"))).toMillis();
        assertTrue(millis < 1_000, "the bomb was refused after " + millis + " ms");
    }

    /** Sets the uncompressed size that the zip's central directory gives for {@code name}. */
    private static void declareSize(byte[] zip, String name, int size) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 46 < zip.length; at++) {
            if (buffer.getInt(at) == 0x02014b50) {   // a central directory header
                int nameLength = buffer.getShort(at + 28) & 0xffff;
                if (new String(zip, at + 46, nameLength, java.nio.charset.StandardCharsets.UTF_8).equals(name)) {
                    buffer.putInt(at + 24, size);
                    return;
                }
            }
        }
        throw new IllegalStateException(name + " is not in the archive");
    }
}
