package dev.recsys.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recsys.sample.SampleDataGenerator;
import dev.recsys.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real ml-latest-small release (bundled in {@code data/ml-latest-small}), then generated IMDb
 * dumps for its movies. Expected values were read from the files.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RealMovieLensTest extends IngestionTestSupport {

    static Path mlLatestSmall() {
        return Path.of("..", "data", "ml-latest-small").toAbsolutePath().normalize();
    }

    @Test
    void loadsMlLatestSmallExactlyAndReloadingChangesNothing() {
        Path release = mlLatestSmall();

        JsonPath job = ingest("movielens", release.toString());
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals("MovieLens CSV release", job.getString("release"));
        assertEquals(9742, job.getInt("counts.movies.inserted"));
        assertEquals(100836, job.getInt("counts.ratings.inserted"));
        assertEquals(3683, job.getInt("counts.tags.inserted"));
        assertEquals(610, job.getInt("counts.users.inserted"));
        assertEquals(0, job.getInt("counts.ratings.rejected"));
        assertEquals(List.of(), job.getList("rejects"));
        assertCatalogSize();

        given().when().get("/api/v1/movies/1").then().statusCode(200)
                .body("title", equalTo("Toy Story")).body("year", equalTo(1995))
                .body("genres", contains("Adventure", "Animation", "Children", "Comedy", "Fantasy"))
                .body("imdbId", equalTo("tt0114709")).body("tmdbId", equalTo(862));
        given().when().get("/api/v1/movies/11").then().statusCode(200)
                .body("title", equalTo("American President, The")).body("year", equalTo(1995))
                .body("genres", contains("Comedy", "Drama", "Romance"));
        given().when().get("/api/v1/movies/29").then().statusCode(200)
                .body("title", equalTo("City of Lost Children, The (Cité des enfants perdus, La)"))
                .body("year", equalTo(1995));
        given().when().get("/api/v1/movies/114335").then().statusCode(200)
                .body("title", equalTo("La cravate")).body("year", equalTo(1957)).body("genres", empty());
        given().when().get("/api/v1/movies/193609").then().statusCode(200)
                .body("title", equalTo("Andrew Dice Clay: Dice Rules")).body("year", equalTo(1991))
                .body("imdbId", equalTo("tt0101726")).body("tmdbId", equalTo(37891));
        given().when().get("/api/v1/users/1/ratings?limit=1000").then().statusCode(200)
                .body("total", equalTo(232))
                .body("items.find { it.movieId == 1 }.rating", equalTo(4.0f))
                .body("items.find { it.movieId == 1 }.timestamp", equalTo("2000-07-30T18:45:03Z"));

        JsonPath again = ingest("movielens", release.toString());
        assertEquals("SUCCEEDED", again.getString("status"));
        for (String entity : List.of("movies", "ratings", "tags", "users")) {
            assertEquals(0, again.getInt("counts." + entity + ".inserted"), entity + " inserted on reload");
            assertEquals(0, again.getInt("counts." + entity + ".updated"), entity + " updated on reload");
        }
        assertCatalogSize();
    }

    @Test
    void generatedImdbDumpsJoinOntoTheRealMovies(@TempDir Path imdb) throws IOException {
        Path release = mlLatestSmall();
        assertEquals("SUCCEEDED", ingest("movielens", release.toString()).getString("status"));
        new SampleDataGenerator(SampleDataGenerator.Options.small(imdb).imdbOnlyFor(release.resolve("links.csv"))).write();

        JsonPath job = ingest("imdb", imdb.toString());
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals(9742, job.getInt("counts.movies.updated"));

        // Expected values for Toy Story (tt0114709), read back from the generated files.
        Map<String, String> names = readNames(imdb.resolve("name.basics.tsv.gz"));
        List<String[]> principals = rowsFor(imdb.resolve("title.principals.tsv.gz"), "tt0114709");
        List<String> expectedCast = new ArrayList<>();
        principals.stream().filter(r -> r[3].equals("actor") || r[3].equals("actress"))
                .sorted((a, b) -> Integer.compare(Integer.parseInt(a[1]), Integer.parseInt(b[1])))
                .forEach(r -> expectedCast.add(names.get(r[2])));
        String[] crew = rowsFor(imdb.resolve("title.crew.tsv.gz"), "tt0114709").get(0);
        String[] basics = rowsFor(imdb.resolve("title.basics.tsv.gz"), "tt0114709").get(0);
        String[] ratings = rowsFor(imdb.resolve("title.ratings.tsv.gz"), "tt0114709").get(0);

        given().when().get("/api/v1/movies/1").then().statusCode(200)
                .body("title", equalTo("Toy Story"))
                .body("runtime", equalTo(Integer.parseInt(basics[7])))
                .body("imdbRating", equalTo(Float.parseFloat(ratings[1])))
                .body("imdbVotes", equalTo(Integer.parseInt(ratings[2])))
                .body("directors.name", contains(names.get(crew[1])))
                .body("cast.name", equalTo(expectedCast))
                .body("cast", hasSize(expectedCast.size()));

        JsonPath again = ingest("imdb", imdb.toString());
        assertEquals(0, again.getInt("counts.movies.updated"));
        assertEquals(0, again.getInt("counts.credits.inserted"));
        assertEquals(0, again.getInt("counts.credits.updated"));
        assertEquals(0, again.getInt("counts.people.inserted"));
        given().when().get("/api/v1/catalog/stats").then().body("lastIngestionAt", org.hamcrest.Matchers.not(nullValue()));
    }

    private void assertCatalogSize() {
        JsonPath stats = stats();
        assertEquals(9742, stats.getInt("movies"));
        assertEquals(610, stats.getInt("users"));
        assertEquals(100836, stats.getInt("ratings"));
        assertEquals(3683, stats.getInt("tags"));
    }

    static Map<String, String> readNames(Path file) throws IOException {
        Map<String, String> names = new TreeMap<>();
        for (String[] row : rows(file)) {
            names.put(row[0], row[1]);
        }
        return names;
    }

    static List<String[]> rowsFor(Path file, String tconst) throws IOException {
        return rows(file).stream().filter(r -> r[0].equals(tconst)).toList();
    }

    static List<String[]> rows(Path gz) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }
}
