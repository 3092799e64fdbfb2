package dev.recsys.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.recsys.sample.SampleDataGenerator;
import dev.recsys.sample.SampleDataGenerator.Format;
import dev.recsys.sample.SampleDataGenerator.Options;
import dev.recsys.sample.SampleDataGenerator.Summary;
import dev.recsys.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every MovieLens layout and every way of handing files over, on generated files in their exact layout. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class GeneratedFormatsTest extends IngestionTestSupport {

    @TempDir
    Path dir;

    private Summary generate(Path out, Format format, boolean crlf) throws IOException {
        Options options = Options.small(out).withSize(60, 300, 4_000).withFormat(format).withCrlf(crlf);
        return new SampleDataGenerator(options).write();
    }

    private void assertLoaded(JsonPath job, Summary summary, String release) {
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals(release, job.getString("release"));
        assertEquals(summary.movies(), job.getInt("counts.movies.inserted"));
        assertEquals(summary.ratings(), job.getLong("counts.ratings.inserted"));
        assertEquals(0, job.getInt("counts.ratings.rejected"), job.prettify());
        JsonPath stats = stats();
        assertEquals(summary.movies(), stats.getInt("movies"));
        assertEquals(summary.users(), stats.getInt("users"));
        assertEquals(summary.ratings(), stats.getLong("ratings"));
    }

    @Test
    void csvReleaseWithCrlfLineEndings() throws IOException {
        Path release = dir.resolve("csv");
        Summary summary = generate(release, Format.CSV, true);
        JsonPath job = ingest("movielens", release.toString());
        assertLoaded(job, summary, "MovieLens CSV release");
        assertEquals(summary.tags(), job.getLong("counts.tags.read"));
        assertEquals(summary.tags(), stats().getLong("tags"));
        // The first generated title has a comma and is quoted: "Señor, The (2008)".
        String first = Files.readAllLines(release.resolve("movies.csv"), StandardCharsets.UTF_8).get(1);
        assertTrue(first.contains("\""), first);
        given().when().get("/api/v1/movies/1").then().statusCode(200)
                .body("title", equalTo(first.substring(first.indexOf('"') + 1, first.lastIndexOf(" ("))))
                .body("year", equalTo(Integer.parseInt(first.substring(first.lastIndexOf('(') + 1, first.lastIndexOf(')')))));
    }

    @Test
    void ml1mDatFilesInLatin1WithDemographics() throws IOException, SQLException {
        Path release = dir.resolve("ml-1m");
        Summary summary = generate(release, Format.ML_1M, false);
        assertLoaded(ingest("movielens", release.toString()), summary, "MovieLens ml-1m (.dat)");
        // A title with an accent, written in ISO-8859-1, comes back right.
        String accented = Files.readAllLines(release.resolve("movies.dat"), StandardCharsets.ISO_8859_1).stream()
                .filter(l -> l.chars().anyMatch(ch -> ch > 127)).findFirst().orElseThrow();
        String[] fields = accented.split("::");
        given().when().get("/api/v1/movies/" + fields[0]).then().statusCode(200)
                .body("title", equalTo(fields[1].substring(0, fields[1].lastIndexOf(" ("))));
        assertEquals(summary.users(), count("SELECT count(*) FROM catalog.users WHERE gender IN ('M', 'F') "
                + "AND age IS NOT NULL AND occupation IS NOT NULL AND zip_code IS NOT NULL"));
        assertEquals(0, count("SELECT count(*) FROM catalog.ratings WHERE rating <> trunc(rating)"), "ml-1m has whole stars");
    }

    @Test
    void ml10mDatFilesWithTagsAndHalfStars() throws IOException, SQLException {
        Path release = dir.resolve("ml-10m");
        Summary summary = generate(release, Format.ML_10M, false);
        JsonPath job = ingest("movielens", release.toString());
        assertLoaded(job, summary, "MovieLens ml-10m (.dat)");
        assertEquals(summary.tags(), job.getLong("counts.tags.read"));
        assertTrue(count("SELECT count(*) FROM catalog.ratings WHERE rating <> trunc(rating)") > 0, "half stars kept");
    }

    @Test
    void ml100kFilesWithGenreFlags() throws IOException, SQLException {
        Path release = dir.resolve("ml-100k");
        Summary summary = generate(release, Format.ML_100K, false);
        assertLoaded(ingest("movielens", release.toString()), summary, "MovieLens ml-100k");
        String[] item = Files.readAllLines(release.resolve("u.item"), StandardCharsets.ISO_8859_1).get(0).split("\\|");
        String[] genreNames = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
            "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
            "Thriller", "War", "Western"};
        List<String> expected = new java.util.ArrayList<>();
        for (int g = 1; g < genreNames.length; g++) {
            if (item[5 + g].equals("1")) {
                expected.add(genreNames[g]);
            }
        }
        given().when().get("/api/v1/movies/1").then().statusCode(200).body("genres", equalTo(expected));
        assertEquals(summary.users(), count("SELECT count(*) FROM catalog.users WHERE occupation IS NOT NULL"));
    }

    @Test
    void zipWithAFolderInsideSingleGzFileAndUrl() throws IOException, SQLException {
        Path release = dir.resolve("csv");
        Summary summary = generate(release, Format.CSV, false);
        Path zip = dir.resolve("release.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : List.of("movies.csv", "links.csv", "ratings.csv", "tags.csv")) {
                out.putNextEntry(new ZipEntry("ml-sample/" + name));
                Files.copy(release.resolve(name), out);
                out.closeEntry();
            }
        }
        assertLoaded(ingest("movielens", zip.toString()), summary, "MovieLens CSV release");

        // A single gzipped ratings file, loaded onto the catalog that is now there.
        execute("DELETE FROM catalog.ratings");
        Path gz = dir.resolve("ratings.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(release.resolve("ratings.csv"), out);
        }
        JsonPath ratingsOnly = ingest("movielens", gz.toString());
        assertEquals("SUCCEEDED", ratingsOnly.getString("status"), ratingsOnly.prettify());
        assertEquals(summary.ratings(), ratingsOnly.getLong("counts.ratings.inserted"));

        // The same zip over HTTP.
        execute("TRUNCATE catalog.movies, catalog.ratings, catalog.users, catalog.tags CASCADE");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = Files.readAllBytes(zip);
        server.createContext("/ml-sample.zip", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ml-sample.zip";
            assertLoaded(ingest("movielens", url), summary, "MovieLens CSV release");
        } finally {
            server.stop(0);
        }
    }
}
