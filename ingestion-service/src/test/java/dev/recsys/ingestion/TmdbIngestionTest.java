package dev.recsys.ingestion;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.sample.SampleDataGenerator;
import dev.recsys.sample.SampleDataGenerator.Options;
import dev.recsys.sample.SampleDataGenerator.TmdbLayout;
import dev.recsys.sample.SampleDataGenerator.TmdbSummary;
import dev.recsys.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tmdb} source on hand-written files in both layouts, with each of The Movies Dataset's quirks
 * (Python literals, shifted rows, repeated ids, zero for unknown, partial dates, multi-line overviews, a huge
 * credits cell), the joins to MovieLens and IMDb, and the catalog questions over what was loaded.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class TmdbIngestionTest extends IngestionTestSupport {

    private static final String MOVIES_DATASET_HEADER = "adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,"
            + "original_language,original_title,overview,popularity,poster_path,production_companies,production_countries,"
            + "release_date,revenue,runtime,spoken_languages,status,tagline,title,video,vote_average,vote_count";
    private static final String US = "[{'iso_3166_1': 'US', 'name': 'United States of America'}]";
    private static final String ENGLISH = "[{'iso_639_1': 'en', 'name': 'English'}]";
    private static final String PIXAR = "{'name': 'Pixar Animation Studios', 'id': 3}";
    private static final String ANIMATION = "{'id': 16, 'name': 'Animation'}";
    private static final String TOY_STORY_COLLECTION = "{'id': 10194, 'name': 'Toy Story Collection', 'poster_path': '/t.jpg'}";

    @TempDir
    Path dir;

    @BeforeAll
    static void decimalsAsDoubles() {
        RestAssured.config = RestAssured.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE));
    }

    @BeforeEach
    void movieLensCatalog() throws IOException {
        Path release = Files.createDirectories(dir.resolve("ml"));
        Files.writeString(release.resolve("movies.csv"), """
                movieId,title,genres
                1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy
                2,Heat (1995),Action|Crime|Thriller
                3,Sabrina (1995),Comedy|Romance
                4,Star Wars: Episode IV - A New Hope (1977),Action|Adventure|Sci-Fi
                """);
        Files.writeString(release.resolve("links.csv"), """
                movieId,imdbId,tmdbId
                1,0114709,862
                2,0113277,949
                3,0114319,
                4,0076759,
                """);
        Files.writeString(release.resolve("ratings.csv"), """
                userId,movieId,rating,timestamp
                1,1,4.0,964982703
                1,2,5.0,964982224
                2,3,3.5,964983815
                """);
        assertEquals("SUCCEEDED", ingest("movielens", release.toString()).getString("status"));
    }

    /** One row of movies_metadata.csv, quoted as The Movies Dataset quotes it. */
    private static String movieRow(String collection, String budget, String genres, String id, String imdbId,
                                   String overview, String companies, String countries, String date, String revenue,
                                   String runtime, String title, String voteAverage, String voteCount) {
        return csv("False", collection, budget, genres, "", id, imdbId, "en", title, overview, "3.5", "/p.jpg", companies,
                countries, date, revenue, runtime, ENGLISH, "Released", "", title, "False", voteAverage, voteCount);
    }

    private static String csv(String... fields) {
        return java.util.Arrays.stream(fields).map(f -> f.contains(",") || f.contains("\"") || f.contains("\n")
                ? "\"" + f.replace("\"", "\"\"") + "\"" : f).collect(Collectors.joining(","));
    }

    private Path theMoviesDataset() throws IOException {
        Path tmdb = Files.createDirectories(dir.resolve("the-movies-dataset"));
        String shifted = csv(" - Written by Ørnås", "0.065736", "/ff9q.jpg", "[{'name': 'Carousel Productions', 'id': 11176}]",
                "[{'iso_3166_1': 'CA', 'name': 'Canada'}]", "1997-08-20", "0", "104.0", ENGLISH, "Released", "", "Midnight Man",
                "False", "6.0", "1");
        List<String> lines = List.of(MOVIES_DATASET_HEADER,
                movieRow(TOY_STORY_COLLECTION, "30000000", "[" + ANIMATION + ", {'id': 35, 'name': 'Comedy'}]", "862", "tt0114709",
                        "Led by Woody, Andy's toys live happily.", "[" + PIXAR + ", {'name': \"Andy's Toys\", 'id': 99}]", US,
                        "1995-10-30", "373554033.0", "81.0", "Toy Story", "7.7", "5415"),
                movieRow("", "60000000", "[{'id': 28, 'name': 'Action'}, {'id': 80, 'name': 'Crime'}]", "949", "tt0113277",
                        "Obsessive master thief Neil McCauley leads a crew,\nand a cop hunts him.",
                        "[{'name': 'Société Générale des Films', 'id': 7}, {'name': 'Mo\\' \"Big\" Films', 'id': 8}]",
                        "[{'iso_3166_1': 'US', 'name': 'United States of America'}, {'iso_3166_1': 'CI', 'name': \"Côte d'Ivoire\"}]",
                        "1995-12-15", "187436818.0", "170.0", "Heat", "7.7", "1886"),
                shifted,
                movieRow("", "1", "[]", "862", "tt0114709", "again", "[]", "[]", "1995-10-30", "2.0", "81.0", "Toy Story again",
                        "1.0", "1"),
                movieRow(TOY_STORY_COLLECTION, "200000000", "[" + ANIMATION + "]", "10193", "tt0435761", "The toys are left.",
                        "[" + PIXAR + "]", US, "2010-06-16", "1066969703.0", "103.0", "Toy Story 3", "7.6", "4710"),
                movieRow("None", "0", "[{'id': 35, 'name': 'Comedy'}]", "5000002", "tt0114319", "", "[{'name': 'Paramount', 'id': 4}]",
                        US, "1995", "0", "", "Sabrina", "6.2", "141"),
                movieRow("{'id': 10, 'name': 'Star Wars Collection'}", "11000000", "[{'id': 12, 'name': 'Adventure'}]", "11",
                        "tt0076759", "Princess Leia is captured.", "[{'name': 'Lucasfilm', 'id': 1}]", US, "1977-05-25",
                        "775398007.0", "121.0", "Star Wars", "8.1", "6778"),
                movieRow("", "lots", "[]", "777", "", "", "[]", "[]", "", "0", "0", "Bad Budget", "0", "0"),
                movieRow("", "0", "[" + ANIMATION, "778", "", "", "[]", "[]", "", "0", "0", "Bad Genres", "0", "0"));
        Files.writeString(tmdb.resolve("movies_metadata.csv"), String.join("\n", lines) + "\n");

        String hugeCrew = IntStream.range(0, 1_500).mapToObj(i -> "{'credit_id': '52fe4" + i + "', 'department': 'Sound', "
                + "'gender': 0, 'id': " + (100_000 + i) + ", 'job': 'Foley', 'name': 'Sound Person " + i + "'}")
                .collect(Collectors.joining(", ", "[{'credit_id': 'm', 'department': 'Directing', 'gender': 2, 'id': 638, "
                        + "'job': 'Director', 'name': 'Michael Mann'}, ", "]"));
        assertTrue(hugeCrew.length() > 100_000);
        Files.writeString(tmdb.resolve("credits.csv"), String.join("\n",
                "cast,crew,id",
                csv("[{'cast_id': 14, 'character': 'Woody (voice)', 'credit_id': '52fe4284', 'gender': 2, 'id': 31, "
                                + "'name': 'Tom Hanks', 'order': 0}, {'cast_id': 15, 'character': 'Mr. \"Potato\" Head', "
                                + "'credit_id': '52fe4285', 'gender': 2, 'id': 7167, 'name': 'Don Rickles', 'order': 1}]",
                        "[{'credit_id': 'a', 'department': 'Directing', 'gender': 2, 'id': 7879, 'job': 'Director', "
                                + "'name': 'John Lasseter'}, {'credit_id': 'b', 'department': 'Writing', 'gender': 2, 'id': 12891, "
                                + "'job': 'Screenplay', 'name': 'Joss Whedon'}, {'credit_id': 'c', 'department': 'Production', "
                                + "'gender': 1, 'id': 12893, 'job': 'Producer', 'name': 'Bonnie Arnold'}, {'credit_id': 'd', "
                                + "'department': 'Sound', 'gender': 2, 'id': 1, 'job': 'Original Music Composer', "
                                + "'name': 'Randy Newman'}]", "862"),
                csv("[{'cast_id': 1, 'character': 'Lt. Vincent Hanna', 'credit_id': 'h', 'gender': 2, 'id': 1158, "
                        + "'name': 'Al Pacino', 'order': 0}]", hugeCrew, "949"),
                csv("[]", "[]", "862"),
                csv("[]", "[]", "999999")) + "\n");
        Files.writeString(tmdb.resolve("keywords.csv"), String.join("\n",
                "id,keywords",
                csv("862", "[{'id': 931, 'name': 'jealousy'}, {'id': 4290, 'name': 'toy'}, {'id': 9, 'name': \"rock 'n' roll\"}]"),
                csv("949", "[]"),
                csv("862", "[{'id': 1, 'name': 'repeated'}]")) + "\n");
        Files.writeString(tmdb.resolve("links.csv"), """
                movieId,imdbId,tmdbId
                1,0114709,862
                3,0114319,5000002
                99,0000001,5
                """);
        return tmdb;
    }

    private static String reason(JsonPath job, String file, long line) {
        return job.getList("rejects", Map.class).stream()
                .filter(r -> ((String) r.get("file")).endsWith(file) && ((Number) r.get("line")).longValue() == line)
                .map(r -> (String) r.get("reason")).findFirst()
                .orElseThrow(() -> new AssertionError("no reject for " + file + " line " + line + ": " + job.prettify()));
    }

    @Test
    void theMoviesDatasetLoadsWithItsQuirksAndJoinsTheCatalog() throws IOException, SQLException {
        JsonPath job = ingest("tmdb", theMoviesDataset().toString());
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals("TMDB The Movies Dataset (movies_metadata.csv, credits.csv, keywords.csv, links.csv)", job.getString("release"));
        assertEquals(9, job.getInt("counts.tmdbMovies.read"));
        assertEquals(5, job.getInt("counts.tmdbMovies.inserted"));
        assertEquals(4, job.getInt("counts.tmdbMovies.rejected"));
        assertEquals("expected 24 fields as in the header but found 15 (a row whose columns are shifted?)",
                reason(job, "movies_metadata.csv", 5));
        assertEquals("id 862 again (first on line 2, which is kept)", reason(job, "movies_metadata.csv", 6));
        assertEquals("budget 'lots' is not a number", reason(job, "movies_metadata.csv", 10));
        assertTrue(reason(job, "movies_metadata.csv", 11).startsWith("genres is not a Python literal: expected ',' or ']'"),
                reason(job, "movies_metadata.csv", 11));
        assertEquals(3, job.getInt("counts.tmdbKeywords.read"));
        assertEquals(1, job.getInt("counts.tmdbKeywords.rejected"));
        assertEquals(3, job.getInt("counts.tmdbKeywords.inserted"));
        assertEquals("id 862 again (first on line 2, which is kept)", reason(job, "keywords.csv", 4));
        assertEquals(4, job.getInt("counts.tmdbCredits.read"));
        assertEquals(2, job.getInt("counts.tmdbCredits.rejected"));
        assertEquals("TMDB id 999999 is neither in the movies file nor in the catalog", reason(job, "credits.csv", 5));
        // Toy Story: 2 cast, director, screenplay, producer (the composer is not kept); Heat: 1 cast, the director.
        assertEquals(7, job.getInt("counts.tmdbCredits.inserted"));
        assertEquals(2, job.getInt("counts.movies.updated"), "Sabrina through links.csv, Star Wars through its IMDb id");
        assertEquals(5, count("SELECT count(*) FROM catalog.tmdb_movies"));
        assertEquals(1, count("SELECT count(*) FROM catalog.tmdb_movies WHERE tmdb_id = 10193 AND NOT EXISTS "
                + "(SELECT 1 FROM catalog.movies m WHERE m.tmdb_id = 10193)"), "Toy Story 3 is kept without a catalog movie");
        assertEquals(3, stats().getInt("ratings"));

        given().when().get("/api/v1/movies/1").then().statusCode(200)
                .body("budget", equalTo(30_000_000)).body("revenue", equalTo(373_554_033))
                .body("returnRatio", closeTo(12.4518011, 1e-6)).body("releaseDate", equalTo("1995-10-30"))
                .body("tmdb.url", equalTo("https://www.themoviedb.org/movie/862"))
                .body("tmdb.collection", equalTo("Toy Story Collection"))
                .body("tmdb.companies", contains("Pixar Animation Studios", "Andy's Toys"))
                .body("tmdb.countries[0].code", equalTo("US"))
                .body("tmdb.spokenLanguages[0].name", equalTo("English"))
                .body("tmdb.keywords", contains("jealousy", "toy", "rock 'n' roll"))
                .body("tmdb.voteAverage", closeTo(7.7, 1e-6)).body("tmdb.voteCount", equalTo(5415))
                .body("tmdb.overview", equalTo("Led by Woody, Andy's toys live happily."))
                .body("cast.name", contains("Tom Hanks", "Don Rickles"))
                .body("cast[0].tmdbPersonId", equalTo(31)).body("cast[0].character", equalTo("Woody (voice)"))
                .body("cast[1].character", equalTo("Mr. \"Potato\" Head"))
                .body("directors[0].name", equalTo("John Lasseter")).body("directors[0].job", equalTo("Director"))
                .body("writers[0].name", equalTo("Joss Whedon")).body("writers[0].job", equalTo("Screenplay"))
                .body("tmdb.producers[0].name", equalTo("Bonnie Arnold"));
        given().when().get("/api/v1/movies/2").then().statusCode(200)
                .body("tmdb.companies", contains("Société Générale des Films", "Mo' \"Big\" Films"))
                .body("tmdb.countries[1].name", equalTo("Côte d'Ivoire"))
                .body("tmdb.overview", equalTo("Obsessive master thief Neil McCauley leads a crew,\nand a cop hunts him."))
                .body("directors.name", contains("Michael Mann"));
        // Zero budget, revenue and runtime are unknown; a year alone gives no release date.
        given().when().get("/api/v1/movies/3").then().statusCode(200).body("tmdbId", equalTo(5000002))
                .body("budget", nullValue()).body("revenue", nullValue()).body("returnRatio", nullValue())
                .body("releaseDate", nullValue()).body("tmdb.collection", nullValue());
        given().when().get("/api/v1/movies/4").then().statusCode(200).body("tmdbId", equalTo(11))
                .body("tmdb.collection", equalTo("Star Wars Collection"));

        JsonPath again = ingest("tmdb", theMoviesDataset().toString());
        assertEquals("SUCCEEDED", again.getString("status"), again.prettify());
        for (String entity : List.of("tmdbMovies", "tmdbKeywords", "tmdbCredits", "tmdbCompanies", "tmdbCountries")) {
            assertEquals(0, again.getInt("counts." + entity + ".inserted"), entity + ": " + again.prettify());
            assertEquals(0, again.getInt("counts." + entity + ".updated"), entity + ": " + again.prettify());
        }
        assertEquals(0, again.getInt("counts.movies.updated"));
    }

    @Test
    void aChangedFileUpdatesWhatChangedAndTmdbCastMergesWithImdbPeople() throws IOException {
        Path tmdb = theMoviesDataset();
        assertEquals("SUCCEEDED", ingest("tmdb", tmdb.toString()).getString("status"));
        Path imdb = Files.createDirectories(dir.resolve("imdb"));
        Files.writeString(imdb.resolve("title.principals.tsv"), """
                tconst\tordering\tnconst\tcategory\tjob\tcharacters
                tt0114709\t1\tnm0000158\tactor\t\\N\t["Woody"]
                tt0114709\t2\tnm0000741\tactor\t\\N\t["Buzz"]
                """);
        Files.writeString(imdb.resolve("name.basics.tsv"), """
                nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles
                nm0000158\tTOM HANKS\t1956\t\\N\tactor\t\\N
                nm0000741\tTim Allen\t1953\t\\N\tactor\t\\N
                """);
        assertEquals("SUCCEEDED", ingest("imdb", imdb.toString()).getString("status"));
        // IMDb's billing first, each with the TMDB credit of the same name (case ignored), then TMDB's others.
        given().when().get("/api/v1/movies/1").then().statusCode(200)
                .body("cast.name", contains("TOM HANKS", "Tim Allen", "Don Rickles"))
                .body("cast[0].personId", equalTo("nm0000158")).body("cast[0].tmdbPersonId", equalTo(31))
                .body("cast[0].character", equalTo("Woody (voice)"))
                .body("cast[1].tmdbPersonId", nullValue()).body("cast[2].personId", nullValue());

        String metadata = Files.readString(tmdb.resolve("movies_metadata.csv"))
                .replace("30000000", "31000000").replace("{'name': \"\"Andy's Toys\"\", 'id': 99}", "{'name': 'Disney', 'id': 2}")
                .replace(", {'iso_3166_1': 'CI', 'name': \"\"Côte d'Ivoire\"\"}", "");
        Files.writeString(tmdb.resolve("movies_metadata.csv"), metadata);
        JsonPath changed = ingest("tmdb", tmdb.toString());
        assertEquals("SUCCEEDED", changed.getString("status"), changed.prettify());
        assertEquals(1, changed.getInt("counts.tmdbMovies.updated"));
        assertEquals(1, changed.getInt("counts.tmdbCompanies.updated"), "Andy's Toys became Disney");
        assertEquals(1, changed.getInt("counts.tmdbCountries.updated"), "Heat's second country is gone");
        given().when().get("/api/v1/movies/1").then().body("budget", equalTo(31_000_000))
                .body("tmdb.companies", contains("Pixar Animation Studios", "Disney"));
        given().when().get("/api/v1/movies/2").then().body("tmdb.countries", hasSize(1));
    }

    @Test
    void generatedFilesOfBothLayoutsLoadWithTheirQuirksOnAGeneratedCatalog() throws IOException, SQLException {
        Path release = dir.resolve("generated-ml");
        new SampleDataGenerator(Options.small(release).withSize(60, 300, 4_000)).write();
        execute("TRUNCATE catalog.movies, catalog.ratings, catalog.users, catalog.tags CASCADE");
        assertEquals("SUCCEEDED", ingest("movielens", release.toString()).getString("status"));

        Path moviesDataset = dir.resolve("generated-movies-dataset");
        TmdbSummary summary = SampleDataGenerator.writeTmdb(moviesDataset, TmdbLayout.MOVIES_DATASET, 42, 300, 200);
        JsonPath job = ingest("tmdb", moviesDataset.toString());
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals(summary.movieRows(), job.getInt("counts.tmdbMovies.read"));
        assertEquals(summary.movies(), job.getInt("counts.tmdbMovies.inserted"));
        assertEquals(summary.shiftedLines().size() + summary.duplicateLines().size(), job.getInt("counts.tmdbMovies.rejected"));
        for (int line : summary.shiftedLines()) {
            assertTrue(reason(job, "movies_metadata.csv", line).endsWith("(a row whose columns are shifted?)"));
        }
        for (int i = 0; i < summary.duplicateLines().size(); i++) {
            assertTrue(reason(job, "movies_metadata.csv", summary.duplicateLines().get(i))
                    .startsWith("id " + summary.duplicateIds().get(i) + " again (first on line "), job.prettify());
        }
        assertEquals(summary.creditsRows(), job.getInt("counts.tmdbCredits.read"));
        assertEquals(0, job.getInt("counts.tmdbCredits.rejected"));
        assertEquals(summary.keywordsRows(), job.getInt("counts.tmdbKeywords.read"));
        assertEquals(summary.linkedMovies(), count("SELECT count(*) FROM catalog.movies m JOIN catalog.tmdb_movies t USING (tmdb_id)"));
        // Every linked movie's directors are its world director, found by name in TMDB's crew.
        assertEquals(summary.linkedMovies(), count("SELECT count(DISTINCT tmdb_id) FROM catalog.tmdb_credits WHERE job = 'Director' "
                + "AND tmdb_id IN (SELECT tmdb_id FROM catalog.movies)"));

        Path tmdb5000 = dir.resolve("generated-tmdb-5000");
        TmdbSummary json = SampleDataGenerator.writeTmdb(tmdb5000, TmdbLayout.TMDB_5000, 42, 300, 200);
        JsonPath second = ingest("tmdb", tmdb5000.toString());
        assertEquals("SUCCEEDED", second.getString("status"), second.prettify());
        assertEquals(json.movieRows(), second.getInt("counts.tmdbMovies.read"));
        assertEquals(0, second.getInt("counts.tmdbMovies.rejected"), second.prettify());
        assertEquals(0, second.getInt("counts.tmdbMovies.inserted"), "the same movies as The Movies Dataset's");
        assertEquals(summary.movies(), count("SELECT count(*) FROM catalog.tmdb_movies"));
    }

    @Test
    void catalogQuestionsCountAndSumWhatIsKnown() throws IOException {
        assertEquals("SUCCEEDED", ingest("tmdb", theMoviesDataset().toString()).getString("status"));

        JsonPath months = given().when().get("/api/v1/insights/releases?by=month").then().statusCode(200).extract().jsonPath();
        assertEquals(12, months.getInt("total"));
        assertEquals(List.of("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"), months.getList("items.name"));
        assertEquals(List.of(0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1), months.getList("items.movies"));
        assertEquals(1, months.getInt("moviesWithoutDate"), "Sabrina's date is a year only");
        given().when().get("/api/v1/insights/releases?by=weekday&limit=3&offset=2").then().statusCode(200)
                .body("items.name", contains("Wednesday", "Thursday", "Friday")).body("items.movies", contains(2, 0, 1))
                .body("total", equalTo(7));
        given().when().get("/api/v1/insights/releases?by=month&yearFrom=1990&yearTo=1999&genre=ANIMATION").then()
                .statusCode(200).body("items[9].movies", equalTo(1)).body("items[5].movies", equalTo(0))
                .body("moviesWithoutDate", equalTo(0));

        given().when().get("/api/v1/insights/collections").then().statusCode(200)
                .body("total", equalTo(2)).body("items.name", contains("Toy Story Collection", "Star Wars Collection"))
                .body("items[0].movies", equalTo(2)).body("items[0].budgetTotal", equalTo(230_000_000))
                .body("items[0].revenueTotal", equalTo(1_440_523_736))
                .body("items[0].revenueMean", closeTo(720_261_868.0, 1e-3))
                .body("items[0].returnRatio", closeTo(6.2631466783, 1e-9))
                .body("note", startsWith("budgetTotal, revenueTotal and revenueMean cover only the movies"));
        given().queryParam("name", "star WARS").queryParam("sort", "name").when().get("/api/v1/insights/collections").then().statusCode(200)
                .body("items.name", contains("Star Wars Collection"));
        given().when().get("/api/v1/insights/companies?name=societe generale").then().statusCode(200)
                .body("items.name", contains("Société Générale des Films")).body("items[0].revenueTotal", equalTo(187_436_818));
        given().when().get("/api/v1/insights/companies?name=paramount").then().statusCode(200)
                .body("items[0].movies", equalTo(1)).body("items[0].moviesWithBudget", equalTo(0))
                .body("items[0].budgetTotal", nullValue()).body("items[0].returnRatio", nullValue());
        // Sabrina's unknown budget and revenue are left out of the United States' sums, not counted as 0.
        given().when().get("/api/v1/insights/countries?sort=movies").then().statusCode(200)
                .body("items[0].name", equalTo("United States of America")).body("items[0].code", equalTo("US"))
                .body("items[0].movies", equalTo(5)).body("items[0].moviesWithBudget", equalTo(4))
                .body("items[0].moviesWithRevenue", equalTo(4)).body("items[0].budgetTotal", equalTo(301_000_000))
                .body("items[0].revenueTotal", equalTo(2_403_358_561L))
                .body("items[0].revenueMean", closeTo(600_839_640.25, 1e-3))
                .body("items[1].name", equalTo("Côte d'Ivoire"));

        given().when().get("/api/v1/insights/movies?company=PIXAR").then().statusCode(200)
                .body("total", equalTo(2)).body("items.title", contains("Toy Story 3", "Toy Story"))
                .body("items[0].movieId", nullValue()).body("items[0].imdbId", equalTo("tt0435761"))
                .body("items[1].movieId", equalTo(1)).body("items[1].returnRatio", closeTo(12.4518011, 1e-6));
        given().when().get("/api/v1/insights/movies?country=ci").then().body("items.title", contains("Heat"));
        given().when().get("/api/v1/insights/movies?company=pixar&offset=5").then().body("items", hasSize(0))
                .body("total", equalTo(2));
        given().when().get("/api/v1/insights/collections?offset=5").then().body("items", hasSize(0)).body("total", equalTo(2));
        given().when().get("/api/v1/insights/movies?sort=title&yearTo=1990").then().body("items.title", contains("Star Wars"));
    }

    @Test
    void badQuestionsAnswer400NamingTheField() {
        given().when().get("/api/v1/insights/releases?by=year").then().statusCode(400)
                .body("errors[0].field", equalTo("by")).body("errors[0].message", equalTo("must be month or weekday"));
        given().when().get("/api/v1/insights/companies?sort=profit").then().statusCode(400)
                .body("errors[0].field", equalTo("sort"))
                .body("errors[0].message", equalTo("must be one of revenueTotal, revenueMean, budgetTotal, movies, returnRatio, name"));
        given().when().get("/api/v1/insights/collections?yearFrom=2000&yearTo=1990").then().statusCode(400)
                .body("errors[0].field", equalTo("yearFrom"));
        given().when().get("/api/v1/insights/countries?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().when().get("/api/v1/insights/movies?yearFrom=soon").then().statusCode(400)
                .body("errors[0].field", equalTo("yearFrom"));
    }

    @Test
    void tmdb5000WithJsonListsLoads() throws IOException {
        Path tmdb = Files.createDirectories(dir.resolve("tmdb-5000"));
        Files.writeString(tmdb.resolve("tmdb_5000_movies.csv"), String.join("\n",
                "budget,genres,homepage,id,keywords,original_language,original_title,overview,popularity,production_companies,"
                        + "production_countries,release_date,revenue,runtime,spoken_languages,status,tagline,title,vote_average,vote_count",
                csv("60000000", "[{\"id\": 28, \"name\": \"Action\"}]", "", "949", "[{\"id\": 642, \"name\": \"robbery\"}]", "en",
                        "Heat", "A thief and a cop.", "54.3", "[{\"name\": \"Regency \\\"Big\\\" Enterprises\", \"id\": 508}]",
                        "[{\"iso_3166_1\": \"US\", \"name\": \"United States of America\"}]", "1995-12-15", "187436818", "170",
                        "[{\"iso_639_1\": \"en\", \"name\": \"English\"}]", "Released", "A Los Angeles Crime Saga", "Heat", "7.7", "1886"),
                csv("0", "[]", "", "4000001", "[]", "fr", "Inconnu", "", "0.1", "[]", "[]", "", "0", "",
                        "[]", "Released", "", "Inconnu", "0.0", "0"),
                csv("0", "{not json", "", "4000002", "[]", "en", "Broken", "", "0.1", "[]", "[]", "", "0", "", "[]", "Released", "",
                        "Broken", "0.0", "0")) + "\n");
        Files.writeString(tmdb.resolve("tmdb_5000_credits.csv"), String.join("\n",
                "movie_id,title,cast,crew",
                csv("949", "Heat", "[{\"cast_id\": 1, \"character\": \"Neil \\\"Mac\\\" McCauley\", \"credit_id\": \"x\", "
                        + "\"gender\": 2, \"id\": 380, \"name\": \"Robert De Niro\", \"order\": 0}]",
                        "[{\"credit_id\": \"y\", \"department\": \"Writing\", \"gender\": 2, \"id\": 638, \"job\": \"Writer\", "
                                + "\"name\": \"Michael Mann\"}]")) + "\n");
        JsonPath job = ingest("tmdb", tmdb.toString());
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals("TMDB TMDB 5000 (tmdb_5000_movies.csv, tmdb_5000_credits.csv)", job.getString("release"));
        assertEquals(2, job.getInt("counts.tmdbMovies.inserted"));
        assertTrue(reason(job, "tmdb_5000_movies.csv", 4).startsWith("genres is not JSON: "), job.prettify());
        given().when().get("/api/v1/movies/2").then().statusCode(200)
                .body("tmdb.companies", contains("Regency \"Big\" Enterprises")).body("tmdb.keywords", contains("robbery"))
                .body("tmdb.tagline", equalTo("A Los Angeles Crime Saga"))
                .body("cast[0].character", equalTo("Neil \"Mac\" McCauley"))
                .body("writers[0].name", equalTo("Michael Mann")).body("writers[0].job", equalTo("Writer"));
    }

    @Test
    void unusableFilesFailNamingFileAndLineAndKeepTheCatalog() throws IOException, SQLException {
        assertEquals("SUCCEEDED", ingest("tmdb", theMoviesDataset().toString()).getString("status"));
        long before = count("SELECT count(*) FROM catalog.tmdb_movies");

        Path creditsOnly = Files.createDirectories(dir.resolve("credits-only"));
        Files.writeString(creditsOnly.resolve("credits.csv"), "cast,crew,id\n");
        JsonPath none = ingest("tmdb", creditsOnly.toString());
        assertEquals("FAILED", none.getString("status"));
        assertTrue(none.getString("error").startsWith("no TMDB movies file in " + creditsOnly
                + ": expected movies_metadata.csv (The Movies Dataset"), none.getString("error"));

        Path header = Files.createDirectories(dir.resolve("header"));
        Files.writeString(header.resolve("movies_metadata.csv"), "id,title,budget\n1,A,0\n");
        JsonPath wrongHeader = ingest("tmdb", header.toString());
        assertEquals("FAILED", wrongHeader.getString("status"));
        assertTrue(wrongHeader.getString("error").startsWith(header.resolve("movies_metadata.csv")
                + " line 1: missing columns adult, belongs_to_collection, genres"), wrongHeader.getString("error"));

        Path unbalanced = Files.createDirectories(dir.resolve("unbalanced"));
        String good = Files.readString(dir.resolve("the-movies-dataset/movies_metadata.csv"), StandardCharsets.UTF_8)
                .replace("Toy Story 3", "Toy Story Three");
        Files.writeString(unbalanced.resolve("movies_metadata.csv"), good + "False,,0,[],,5,,en,\"Never closed,\n");
        JsonPath broken = ingest("tmdb", unbalanced.toString());
        assertEquals("FAILED", broken.getString("status"));
        assertTrue(broken.getString("error").contains("movies_metadata.csv line 12: malformed CSV"), broken.getString("error"));
        assertTrue(broken.getString("error").endsWith("Nothing from this ingestion was saved: the catalog is as it was."));
        assertEquals(before, count("SELECT count(*) FROM catalog.tmdb_movies"));
        assertEquals(0, count("SELECT count(*) FROM catalog.tmdb_movies WHERE title = 'Toy Story Three'"));
    }
}
