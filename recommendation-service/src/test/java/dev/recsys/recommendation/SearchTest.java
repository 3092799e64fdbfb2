package dev.recsys.recommendation;

import static dev.recsys.recommendation.SearchFixture.GALAXY_RANGERS;
import static dev.recsys.recommendation.SearchFixture.LIGHTHOUSE;
import static dev.recsys.recommendation.SearchFixture.ORCHARD_POPULAR;
import static dev.recsys.recommendation.SearchFixture.ORCHARD_RARE;
import static dev.recsys.recommendation.SearchFixture.TOY_MAKER;
import static dev.recsys.recommendation.SearchFixture.TOY_STORY;
import static dev.recsys.recommendation.SearchFixture.TOY_STORY_2;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.text.MovieText;
import dev.recsys.text.StoredVectors;
import dev.recsys.text.TextEmbedder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = SearchFixture.class, restrictToAnnotatedClass = true)
class SearchTest extends RecsTestSupport {

    @Inject
    TextEmbedder embedder;

    private static JsonPath search(String q, int limit) {
        return given().queryParam("q", q).queryParam("limit", limit).when().get("/api/v1/movies/search")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void exactTitleFirstThenTitlesThatStartWithItThenTitlesWithItsWords() {
        JsonPath hits = search("toy story", 5);
        assertEquals(List.of(TOY_STORY, TOY_STORY_2, TOY_MAKER), hits.getList("items.movieId", Integer.class).subList(0, 3));
        assertEquals(List.of("title", "title", "title", "text", "text"), hits.getList("items.matched"));
        assertEquals("Toy Story", hits.getString("items[0].title"));
        assertEquals(1995, hits.getInt("items[0].year"));
        assertEquals(List.of("Animation", "Children", "Comedy"), hits.getList("items[0].genres"));
        assertEquals("ready", hits.getString("textIndex.state"));
        // Case, punctuation and a leading article do not matter; MovieLens's "Story of the Toy Maker, The" is found by its words.
        assertEquals(TOY_STORY, search("  TOY-STORY!  ", 1).getInt("items[0].movieId"));
        assertEquals(TOY_MAKER, search("the story of the toy maker", 1).getInt("items[0].movieId"));
        assertEquals(TOY_STORY_2, search("Toy Story 2", 1).getInt("items[0].movieId"));
    }

    @Test
    void aPlantedMovieIsFoundFromAParaphraseOfItsPlot() {
        JsonPath hits = search("a man who looks after a lighthouse adopts a child rescued from a wrecked ship", 3);
        assertEquals(LIGHTHOUSE, hits.getInt("items[0].movieId"));
        assertEquals("text", hits.getString("items[0].matched"));
        float score = hits.getFloat("items[0].score");
        assertTrue(score > 0.4 && score <= 1, "cosine similarity " + score);
        assertTrue(hits.getFloat("items[1].score") < score, "the paraphrased movie is clearly nearest");
    }

    @Test
    void popularityOrdersMoviesWithTheSameTitleAndText() {
        JsonPath byTitle = search("midnight orchard", 2);
        assertEquals(List.of(ORCHARD_POPULAR, ORCHARD_RARE), byTitle.getList("items.movieId", Integer.class));
        JsonPath byText = search("sisters who inherit an apple farm", 2);
        assertEquals(List.of(ORCHARD_POPULAR, ORCHARD_RARE), byText.getList("items.movieId", Integer.class));
        assertEquals(byText.getFloat("items[0].score"), byText.getFloat("items[1].score"), "the same text: the same cosine");
    }

    @Test
    void aSequelDescribedLandsNextToItsPredecessor() {
        Map<String, Object> sequel = Map.of("title", "Galaxy Rangers 2",
                "plot", "The young space rangers return to protect the moon colony when the crystal pirates come back "
                        + "with a bigger fleet.",
                "genres", List.of("Sci-Fi", "Action"), "directors", List.of("ada brandt"), "limit", 5);
        JsonPath similar = given().contentType(ContentType.JSON).body(sequel).when().post("/api/v1/movies/similar")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(GALAXY_RANGERS, similar.getInt("items[0].movieId"));
        assertEquals(List.of("Action", "Sci-Fi"), similar.getList("items[0].sharedGenres"));
        assertEquals(List.of(SearchFixture.RANGERS_DIRECTOR), similar.getList("items[0].sharedPeople"));
        assertTrue(similar.getFloat("items[0].textSimilarity") > 0.6, similar.prettify());
        assertEquals(5, similar.getList("items").size());
        assertNull(similar.get("degraded"));

        // Without genres and people the text alone still puts the predecessor first.
        JsonPath textOnly = given().contentType(ContentType.JSON).body(Map.of("title", "Galaxy Rangers 2",
                "plot", sequel.get("plot"))).when().post("/api/v1/movies/similar").then().statusCode(200).extract().jsonPath();
        assertEquals(GALAXY_RANGERS, textOnly.getInt("items[0].movieId"));
        assertEquals(10, textOnly.getList("items").size());
        assertEquals(List.of(), textOnly.getList("items[0].sharedGenres"));

        // The movie-id route beside it still answers.
        given().when().get("/api/v1/movies/" + GALAXY_RANGERS + "/similar?limit=3").then().statusCode(404);
        given().when().get("/api/v1/movies/popular?limit=3").then().statusCode(200);
    }

    @Test
    void badQueriesAre400sNamingQ() {
        Map<String, String> bad = new HashMap<>();
        bad.put("", "is required: the words to search titles and descriptions for");
        bad.put("   ", "is required: the words to search titles and descriptions for");
        bad.put("x".repeat(10_000), "at most 500 characters; this one has 10000");
        bad.put("x".repeat(501), "at most 500 characters; this one has 501");
        bad.put("toy\u0000story", "must not contain control characters (tabs, line breaks, NUL)");
        bad.put("toy\nstory", "must not contain control characters (tabs, line breaks, NUL)");
        bad.put("toy\u0007", "must not contain control characters (tabs, line breaks, NUL)");
        // Not blank to Java, nothing to the text model's tokenizer: a zero-width space, a byte-order mark, a soft hyphen.
        String unreadable = "has no letters, digits or symbols to read (only spaces, invisible or unreadable characters)";
        bad.put("\u200B", unreadable);
        bad.put("\uFEFF", unreadable);
        bad.put("\u00AD\u200B ", unreadable);
        bad.forEach((q, message) -> given().queryParam("q", q).when().get("/api/v1/movies/search").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("q"))
                .body("errors[0].message", equalTo(message)));
        given().when().get("/api/v1/movies/search").then().statusCode(400).body("errors[0].field", equalTo("q"));
        given().queryParam("q", "x".repeat(500)).when().get("/api/v1/movies/search").then().statusCode(200);
        given().queryParam("q", "toy").queryParam("limit", 101).when().get("/api/v1/movies/search").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        given().queryParam("q", "toy").queryParam("limit", "ten").when().get("/api/v1/movies/search").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
    }

    /** What the HTTP layer used to refuse with an empty body is problem+json; an echo quotes at most 40 characters. */
    @Test
    void malformedTargetsAndHugeValuesAreProblemsWithShortEchoes() {
        for (String query : new String[] {"q=%E2%80", "q=abc%FFdef"}) {
            // Sent as raw bytes: HTTP clients refuse to build such a request target themselves.
            String answer = rawGet("/api/v1/movies/search?" + query);
            org.junit.jupiter.api.Assertions.assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            org.junit.jupiter.api.Assertions.assertTrue(answer.contains("application/problem+json"), answer);
            org.junit.jupiter.api.Assertions.assertTrue(
                    answer.contains("the request's query string is not valid percent-encoding"), answer);
        }
        given().urlEncodingEnabled(false).when().get("/api/v1/movies/search?q=" + "x".repeat(17_000)).then().statusCode(414)
                .contentType("application/problem+json")
                .body("detail", startsWith("the request target is 17024 characters, more than the 16384"));
        String megabyte = "x".repeat(1_000_000);
        String answer = given().contentType(ContentType.JSON)
                .body(Map.of("ratings", List.of(Map.of("movieId", 1, "rating", 5)), "genre", megabyte))
                .when().post("/api/v1/recommendations/anonymous").then().statusCode(400)
                .body("errors[0].field", equalTo("genre"))
                .body("detail", startsWith("invalid genre: unknown genre '" + "x".repeat(40) + "…' (1000000 characters); known: "))
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(answer.length() < 2_000, answer.length() + " characters answered");
    }

    private static String rawGet(String target) {
        try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badDescriptionsAre400sNamingTheField() {
        Map<String, Object> cases = new LinkedHashMap<>();
        cases.put("{}", "title");
        cases.put("{\"title\": \"  \", \"genres\": []}", "title");
        cases.put("{\"title\": \"" + "x".repeat(501) + "\"}", "title");
        cases.put("{\"plot\": \"" + "x".repeat(5_001) + "\"}", "plot");
        cases.put("{\"plot\": \"a \\u0001 b\"}", "plot");
        cases.put("{\"plot\": \"\\u200b\\ufeff\"}", "plot");
        cases.put("{\"title\": \"x\", \"genres\": [\"Space Opera\"]}", "genres[0]");
        cases.put("{\"title\": \"x\", \"cast\": [\"\"]}", "cast[0]");
        cases.put("{\"title\": \"x\", \"directors\": " + names(101) + "}", "directors");
        cases.put("{\"title\": \"x\", \"limit\": 0}", "limit");
        cases.put("{\"title\": \"x\", \"year\": 1999}", "year");
        cases.put("{\"title\": 5}", "title");
        cases.forEach((body, field) -> given().contentType(ContentType.JSON).body(body).when().post("/api/v1/movies/similar")
                .then().statusCode(400).body("errors[0].field", equalTo(field)));
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/movies/similar").then().statusCode(400)
                .body("detail", startsWith("invalid title: describe the movie"));
        given().contentType(ContentType.JSON).body("{\"title\": \"x\", \"genres\": [\"Space Opera\"]}")
                .when().post("/api/v1/movies/similar").then().statusCode(400)
                .body("errors[0].message", startsWith("unknown genre 'Space Opera'; known: Action, Adventure"));
    }

    /**
     * With no text stored, titles are still matched and the answer says the text index is empty; texts
     * stored later (a new movie among them) are searched after the next refresh.
     */
    @Test
    void theIndexFollowsTheCatalogsTexts() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM catalog.movie_texts");
        }
        JsonPath empty = awaitSearch("toy story", hits -> "empty".equals(hits.getString("textIndex.state")));
        assertEquals(0, empty.getInt("textIndex.embeddedMovies"));
        assertEquals(List.of(TOY_STORY, TOY_STORY_2, TOY_MAKER), empty.getList("items.movieId", Integer.class));
        assertNull(empty.get("items[0].score"), "no text vector: no score");

        int beekeeper = 900_050;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO catalog.movies (movie_id, title, year, genres) VALUES (" + beekeeper
                    + ", 'Brass Hive', 2020, '{Fantasy}')");
            Map<Integer, MovieText> texts = SearchFixture.catalogTexts(c);
            texts.put(beekeeper, new MovieText("Brass Hive", List.of(), List.of(),
                    "A clockmaker builds a swarm of mechanical bees to pollinate the dying gardens of her city."));
            c.setSchema("catalog");
            assertEquals(1, StoredVectors.store(c, texts, embedder, n -> { }), "only the new text is embedded");
        }
        JsonPath found = awaitSearch("an inventor makes robot bees to save the flowers",
                hits -> !hits.getList("items").isEmpty() && hits.getInt("items[0].movieId") == beekeeper);
        assertEquals("ready", found.getString("textIndex.state"));
        assertEquals("text", found.getString("items[0].matched"));
        assertEquals(beekeeper, search("brass hive", 1).getInt("items[0].movieId"));
    }

    private static JsonPath awaitSearch(String q, Predicate<JsonPath> until) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        JsonPath hits = search(q, 3);
        while (!until.test(hits) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            hits = search(q, 3);
        }
        assertTrue(until.test(hits), hits.prettify());
        return hits;
    }

    private static String names(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("\"Person " + i + "\"");
        }
        return names.toString();
    }
}
