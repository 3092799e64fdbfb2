package dev.recsys.ingestion;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.ingestion.text.TextEmbeddingPhase;
import dev.recsys.sample.SampleDataGenerator;
import dev.recsys.text.MovieText;
import dev.recsys.sample.SampleDataGenerator.Options;
import dev.recsys.sample.SampleDataGenerator.Summary;
import dev.recsys.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Movie texts and their embeddings after each ingestion that can change them (MovieLens with tags and
 * a tag genome, plots), with the embedding phase on: what the texts say, that only new texts are
 * embedded, the plots source's rejects and errors, and a cancel during the embedding.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestProfile(MovieTextIngestionTest.EmbeddingOn.class)
class MovieTextIngestionTest extends IngestionTestSupport {

    /** The phase is off in the other tests (it costs seconds per thousand movies). */
    public static class EmbeddingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("recsys.ingestion.embed-texts", "true");
        }
    }

    @TempDir
    Path dir;

    @BeforeEach
    void noStoredVectors() throws SQLException {
        execute("TRUNCATE catalog.text_embeddings");
    }

    /** Three movies with links and tags, and a tag genome with two bad rows and a movie scoring 12 tags highly. */
    private Path smallRelease() throws IOException {
        Path release = Files.createDirectories(dir.resolve("release"));
        Files.writeString(release.resolve("movies.csv"), """
                movieId,title,genres
                1,Toy Story (1995),Animation|Children
                2,"Godfather, The (1972)",Crime|Drama
                3,Heat (1995),Action|Crime
                """);
        Files.writeString(release.resolve("links.csv"), """
                movieId,imdbId,tmdbId
                1,0114709,862
                2,0068646,238
                3,0113277,949
                """);
        // "Pixar " and "pixar" are one tag given by two users: it comes before "funny".
        Files.writeString(release.resolve("tags.csv"), """
                userId,movieId,tag,timestamp
                3,1,funny,1000
                1,1,pixar,1001
                2,1,Pixar ,1002
                1,2,mafia,1003
                """);
        StringBuilder tags = new StringBuilder("tagId,tag\n1,mafia\n2,organized crime\n3,toys\n4,pixar animation\n5,heist\n");
        StringBuilder scores = new StringBuilder("movieId,tagId,relevance\n");
        scores.append("1,1,0.02\n1,2,0.1\n1,3,0.95\n1,4,0.9\n1,5,0.49999\n");
        scores.append("2,1,0.99\n2,2,0.9725000000000001\n2,3,0.01\n2,4,0.03\n2,5,0.5\n");
        for (int tag = 6; tag <= 17; tag++) {
            tags.append(tag).append(",quality ").append(tag).append('\n');
            scores.append("3,").append(tag).append(',').append(0.6 + tag / 100.0).append('\n');
        }
        scores.append("3,99,0.9\n");    // line 24: no such tag
        scores.append("7,1,0.9\n");     // line 25: no such movie
        Files.writeString(release.resolve("genome-tags.csv"), tags);
        Files.writeString(release.resolve("genome-scores.csv"), scores);
        return release;
    }

    private Map<Integer, String> column(String sql) throws SQLException {
        Map<Integer, String> values = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.put(rs.getInt(1), rs.getString(2));
            }
        }
        return values;
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private Map<Integer, String> texts() throws SQLException {
        return column("SELECT movie_id, text FROM catalog.movie_texts ORDER BY movie_id");
    }

    private Map<Integer, String> hashes() throws SQLException {
        return column("SELECT movie_id, text_hash FROM catalog.movie_texts ORDER BY movie_id");
    }

    private Map<Integer, String> releaseTexts() throws SQLException {
        return column("SELECT movie_id, text FROM catalog.movie_release_texts ORDER BY movie_id");
    }

    private Map<Integer, String> releaseHashes() throws SQLException {
        return column("SELECT movie_id, text_hash FROM catalog.movie_release_texts ORDER BY movie_id");
    }

    /** Distinct texts of both kinds: each has one vector. */
    private long distinctTexts() throws SQLException {
        return count("SELECT count(*) FROM (SELECT text_hash FROM catalog.movie_texts "
                + "UNION SELECT text_hash FROM catalog.movie_release_texts) texts");
    }

    private static JsonPath succeeded(JsonPath job) {
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        return job;
    }

    @Test
    void everyGeneratedMovieGetsATextAndAVectorAndTheSameIngestionAgainEmbedsNothing() throws Exception {
        Path release = dir.resolve("generated");
        Summary summary = new SampleDataGenerator(Options.small(release).withSize(60, 300, 4_000)).write();

        JsonPath first = succeeded(ingest("movielens", release.toString()));
        long distinctTexts = distinctTexts();
        assertEquals(summary.movies(), first.getInt("counts.texts.read"));
        assertEquals(summary.movies(), first.getInt("counts.texts.inserted"));
        assertEquals(summary.movies(), first.getInt("counts.release-texts.inserted"));
        assertEquals(distinctTexts, first.getLong("counts.embeddings.read"));
        assertEquals(distinctTexts, first.getLong("counts.embeddings.inserted"));
        assertEquals(TextEmbeddingPhase.PROGRESS_UNIT, first.getString("progress.unit"));
        assertEquals(distinctTexts, first.getLong("progress.done"));
        assertEquals(distinctTexts, first.getLong("progress.total"));
        assertEquals(summary.movies(), count("""
                SELECT count(*) FROM catalog.movies m JOIN catalog.movie_texts t USING (movie_id)
                JOIN catalog.text_embeddings e USING (text_hash)
                WHERE e.model = 'all-minilm-l6-v2-q' AND length(e.vector) = 4 * 384"""));
        assertEquals(summary.movies(), count("""
                SELECT count(*) FROM catalog.movie_release_texts r JOIN catalog.text_embeddings e USING (text_hash)
                WHERE length(e.vector) = 4 * 384"""));
        // A movie nobody tagged has one text of both kinds, and one vector for it.
        long untagged = count("SELECT count(*) FROM catalog.movies m WHERE NOT EXISTS "
                + "(SELECT 1 FROM catalog.tags t WHERE t.movie_id = m.movie_id)");
        assertTrue(untagged > 0 && untagged < summary.movies(), untagged + " of " + summary.movies() + " movies untagged");
        assertEquals(untagged, count("SELECT count(*) FROM catalog.movie_texts t JOIN catalog.movie_release_texts r "
                + "USING (movie_id) WHERE r.text_hash = t.text_hash"));
        Map<Integer, String> hashesBefore = hashes();
        Map<Integer, String> releaseHashesBefore = releaseHashes();

        JsonPath again = succeeded(ingest("movielens", release.toString()));
        assertEquals(summary.movies(), again.getInt("counts.texts.read"));
        assertEquals(0, again.getInt("counts.texts.inserted"));
        assertEquals(0, again.getInt("counts.texts.updated"));
        assertEquals(0, again.getInt("counts.release-texts.inserted") + again.getInt("counts.release-texts.updated"));
        assertEquals(0, again.getInt("counts.embeddings.inserted"), again.prettify());
        assertEquals("bytes read", again.getString("progress.unit"), "nothing to embed: the progress stays the load's");
        assertEquals(hashesBefore, hashes());
        assertEquals(releaseHashesBefore, releaseHashes());
        assertEquals(distinctTexts, count("SELECT count(*) FROM catalog.text_embeddings"));
    }

    @Test
    void textsSayTitleTagsAndGenomeTagsAndAChangedTagChangesOnlyThatMovie() throws Exception {
        JsonPath job = succeeded(ingest("movielens", smallRelease().toString()));
        assertEquals(Map.of(1, "Toy Story. Tags: pixar, funny, toys, pixar animation",
                        2, "The Godfather. Tags: mafia, organized crime, heist",
                        3, "Heat. Tags: quality 17, quality 16, quality 15, quality 14, quality 13, quality 12, "
                                + "quality 11, quality 10, quality 9, quality 8"),
                texts());
        // Genome: relevance 0.5 or more, at most 10 a movie, the rest of the 15 rows skipped; two rows rejected.
        assertEquals(List.of("toys", "pixar animation"),
                strings("SELECT tag FROM catalog.genome_tags WHERE movie_id = 1 ORDER BY relevance DESC"));
        assertEquals(15, count("SELECT count(*) FROM catalog.genome_tags"));
        assertEquals(0.68f, Float.parseFloat(strings("SELECT min(relevance) FROM catalog.genome_tags WHERE movie_id = 3").get(0)),
                1e-6);
        assertEquals(24, job.getInt("counts.genome-scores.read"));
        assertEquals(2, job.getInt("counts.genome-scores.rejected"));
        assertEquals(15, job.getInt("counts.genome-scores.inserted"));
        assertEquals(17, job.getInt("counts.genome-tags.read"));
        assertEquals(List.of("tagId '99' is not in genome-tags.csv", "unknown movieId 7: it is neither in movies.csv nor in the catalog"),
                job.getList("rejects.reason"));
        assertEquals(List.of(24, 25), job.getList("rejects.line"));
        assertEquals(6, job.getInt("counts.embeddings.inserted"), "three texts and three release texts (all tagged)");

        // One more tag for The Godfather (a tags file alone, onto the catalog): only its text and vector change.
        Map<Integer, String> before = hashes();
        Path more = Files.createDirectories(dir.resolve("more-tags"));
        Files.writeString(more.resolve("tags.csv"), "userId,movieId,tag,timestamp\n4,2,crime family,1004\n");
        JsonPath retagged = succeeded(ingest("movielens", more.toString()));
        assertEquals(3, retagged.getInt("counts.texts.read"));
        assertEquals(1, retagged.getInt("counts.texts.updated"));
        assertEquals(1, retagged.getInt("counts.embeddings.inserted"), "a tag leaves the release text as it was");
        assertEquals(0, retagged.getInt("counts.release-texts.updated"));
        assertEquals("The Godfather. Tags: crime family, mafia, organized crime, heist", texts().get(2));
        Map<Integer, String> after = hashes();
        assertEquals(before.get(1), after.get(1));
        assertEquals(before.get(3), after.get(3));
        assertTrue(!before.get(2).equals(after.get(2)));
        assertEquals(7, count("SELECT count(*) FROM catalog.text_embeddings"), "the old vector stays cached");
    }

    @Test
    void releaseTextsSayTitleAndPlotButNoTagsAndARerunEmbedsNothing() throws Exception {
        succeeded(ingest("movielens", smallRelease().toString()));
        Path plots = write("plots.csv", "movieId,plot\n1,A cowboy doll is threatened by a spaceman figure.\n");
        JsonPath job = succeeded(ingest("plots", plots.toString()));
        assertEquals(1, job.getInt("counts.release-texts.updated"));

        // Title and plot, or the title alone; never the tags the three movies have.
        assertEquals(Map.of(1, "Toy Story. Plot: A cowboy doll is threatened by a spaceman figure.",
                2, "The Godfather", 3, "Heat"), releaseTexts());
        Map<Integer, String> full = hashes();
        Map<Integer, String> release = releaseHashes();
        for (int movieId = 1; movieId <= 3; movieId++) {
            assertEquals(MovieText.hash(releaseTexts().get(movieId)), release.get(movieId));
            assertTrue(!release.get(movieId).equals(full.get(movieId)), "movie " + movieId + " is tagged: its texts differ");
        }
        assertEquals(3, count("""
                SELECT count(*) FROM catalog.movie_release_texts r JOIN catalog.text_embeddings e USING (text_hash)
                WHERE e.model = 'all-minilm-l6-v2-q' AND length(e.vector) = 4 * 384"""));

        JsonPath again = succeeded(ingest("plots", plots.toString()));
        assertEquals(3, again.getInt("counts.release-texts.read"));
        assertEquals(0, again.getInt("counts.release-texts.inserted") + again.getInt("counts.release-texts.updated"));
        assertEquals(0, again.getInt("counts.embeddings.inserted"));
        assertEquals(release, releaseHashes());
    }

    @Test
    void aTmdbOverviewIsThePlotUntilAnOperatorGivesOne() throws Exception {
        succeeded(ingest("movielens", smallRelease().toString()));
        Path tmdb = Files.createDirectories(dir.resolve("tmdb"));
        Files.writeString(tmdb.resolve("movies_metadata.csv"), """
                adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,original_title,overview,\
                popularity,poster_path,production_companies,production_countries,release_date,revenue,runtime,\
                spoken_languages,status,tagline,title,video,vote_average,vote_count
                False,,30000000,[],,862,tt0114709,en,Toy Story,"Led by Woody, Andy's toys live happily.",21.9,,[],[],1995-10-30,\
                373554033.0,81.0,[],Released,,Toy Story,False,7.7,5415
                False,,6000000,[],,238,tt0068646,en,The Godfather,,41.1,,[],[],1972-03-14,245066411.0,175.0,[],Released,,\
                The Godfather,False,8.5,6024
                """);
        JsonPath job = succeeded(ingest("tmdb", tmdb.toString()));
        assertEquals(1, job.getInt("counts.release-texts.updated"), "The Godfather's overview is empty");
        assertEquals(Map.of(1, "Toy Story. Plot: Led by Woody, Andy's toys live happily.", 2, "The Godfather", 3, "Heat"),
                releaseTexts());

        succeeded(ingest("plots", write("plots.csv", "movieId,plot\n1,A cowboy doll is threatened by a spaceman figure.\n")
                .toString()));
        assertEquals("Toy Story. Plot: A cowboy doll is threatened by a spaceman figure.", releaseTexts().get(1));
    }

    @Test
    void aGenomeFileWithoutItsPairFailsNamingIt() throws Exception {
        succeeded(ingest("movielens", smallRelease().toString()));
        Path scoresOnly = Files.createDirectories(dir.resolve("scores-only"));
        Files.copy(dir.resolve("release/genome-scores.csv"), scoresOnly.resolve("genome-scores.csv"));
        JsonPath job = ingest("movielens", scoresOnly.toString());
        assertEquals("FAILED", job.getString("status"));
        assertEquals(scoresOnly.resolve("genome-scores.csv") + ": genome-scores.csv comes with genome-tags.csv (the tag "
                + "genome is the pair), which is missing. Nothing from this ingestion was saved: the catalog is as it was.",
                job.getString("error"));
    }

    @Test
    void plotsByMovieIdAndByImdbIdLandAndChangeTheTexts() throws Exception {
        succeeded(ingest("movielens", smallRelease().toString()));
        Map<Integer, String> before = hashes();

        Path byMovieId = dir.resolve("plots.csv");
        Files.writeString(byMovieId, """
                movieId,plot
                1,"A cowboy doll is threatened when a new spaceman figure supplants him as top toy in a boy's room."
                99,A movie nobody loaded.
                """);
        JsonPath job = succeeded(ingest("plots", byMovieId.toString()));
        assertEquals("plots CSV (plots.csv)", job.getString("release"));
        assertEquals(2, job.getInt("counts.plots.read"));
        assertEquals(1, job.getInt("counts.plots.inserted"));
        assertEquals(1, job.getInt("counts.plots.rejected"));
        assertEquals(List.of(Map.of("file", byMovieId.toString(), "line", 3, "reason", "unknown movieId 99: it is not in the catalog")),
                job.getList("rejects"));
        assertEquals(1, job.getInt("counts.texts.updated"));
        assertEquals(1, job.getInt("counts.release-texts.updated"));
        assertEquals(2, job.getInt("counts.embeddings.inserted"), "the text and the release text with the plot");
        assertEquals("Toy Story. Tags: pixar, funny, toys, pixar animation. Plot: A cowboy doll is threatened when a new "
                + "spaceman figure supplants him as top toy in a boy's room.", texts().get(1));

        // By IMDb id, with and without "tt"; a quoted plot over two lines; the unknown id's line counts both.
        Path byImdbId = Files.createDirectories(dir.resolve("tmdb")).resolve("overviews.csv");
        Files.writeString(byImdbId, """
                imdbId,plot
                tt0068646,"The aging patriarch of an organized crime dynasty
                transfers control of his clandestine empire to his reluctant son."
                113277,A group of professional bank robbers feel the heat from police.

                tt9999999,Not in this catalog.
                """);
        JsonPath imdb = succeeded(ingest("plots", byImdbId.toString()));
        assertEquals(3, imdb.getInt("counts.plots.read"));
        assertEquals(2, imdb.getInt("counts.plots.inserted"));
        assertEquals(List.of(Map.of("file", byImdbId.toString(), "line", 6, "reason", "imdbId tt9999999 is not in the catalog")),
                imdb.getList("rejects"));
        assertEquals("Heat. Tags: quality 17, quality 16, quality 15, quality 14, quality 13, quality 12, quality 11, "
                + "quality 10, quality 9, quality 8. Plot: A group of professional bank robbers feel the heat from police.",
                texts().get(3));
        assertTrue(texts().get(2).endsWith("Plot: The aging patriarch of an organized crime dynasty\n"
                + "transfers control of his clandestine empire to his reluctant son."), texts().get(2));
        Map<Integer, String> after = hashes();
        for (int movieId = 1; movieId <= 3; movieId++) {
            assertTrue(!before.get(movieId).equals(after.get(movieId)), "movie " + movieId + " has a plot now");
        }

        // The same file again: nothing changes, nothing is embedded.
        JsonPath again = succeeded(ingest("plots", byImdbId.toString()));
        assertEquals(0, again.getInt("counts.plots.inserted") + again.getInt("counts.plots.updated"));
        assertEquals(0, again.getInt("counts.embeddings.inserted"));
    }

    @Test
    void badPlotsFilesFailNamingFileAndLineAndSaveNothing() throws Exception {
        succeeded(ingest("movielens", smallRelease().toString()));
        succeeded(ingest("plots", write("good.csv", "movieId,plot\n1,A cowboy doll.\n").toString()));
        String saved = ". Nothing from this ingestion was saved: the catalog is as it was.";
        Map<String, String> files = new LinkedHashMap<>();
        files.put("header.csv", "movieId,synopsis\n1,x\n");
        files.put("empty-plot.csv", "movieId,plot\n2,The Godfather.\n3,\"  \"\n");
        files.put("long-plot.csv", "imdbId,plot\ntt0068646," + "a".repeat(10_001) + "\n");
        files.put("bad-id.csv", "imdbId,plot\nnm0000001,Somebody.\n");
        files.put("fields.csv", "movieId,plot\n2,The Godfather,1972\n");
        files.put("twice.csv", "movieId,plot\n2,The Godfather.\n3,Heat.\n2,The Godfather again.\n");
        files.put("quote.csv", "movieId,plot\n2,The Godfather.\n3,\"Heat, without its closing quote\n");
        files.put("nothing.csv", "");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("header.csv", " line 1: expected the header 'movieId,plot' or 'imdbId,plot' but found 'movieId,synopsis'");
        expected.put("empty-plot.csv", " line 3: plot is empty");
        expected.put("long-plot.csv", " line 2: plot has 10,001 characters, more than the 10,000 allowed");
        expected.put("bad-id.csv", " line 2: imdbId 'nm0000001' is not an IMDb title id (tt0114709 or 114709)");
        expected.put("fields.csv", " line 2: expected 2 fields (movieId, plot) but found 3");
        expected.put("twice.csv", " line 4: a second plot for movieId 2 (the first is on line 2)");
        expected.put("quote.csv", " line 3: malformed CSV (an unbalanced quote?)");
        expected.put("nothing.csv", " is empty");
        for (var file : files.entrySet()) {
            Path path = write(file.getKey(), file.getValue());
            JsonPath job = ingest("plots", path.toString());
            assertEquals("FAILED", job.getString("status"), file.getKey());
            assertEquals(path + expected.get(file.getKey()) + saved, job.getString("error"));
        }
        assertEquals(Map.of(1, "A cowboy doll."), column("SELECT movie_id, plot FROM catalog.movie_plots"));

        // A directory without plots.csv and with more than one file: which one is meant is not guessed.
        JsonPath job = ingest("plots", dir.resolve("release").toString());
        assertEquals("FAILED", job.getString("status"));
        assertTrue(job.getString("error").startsWith("no plots file in " + dir.resolve("release") + ": expected plots.csv"),
                job.getString("error"));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(Files.createDirectories(dir.resolve("plots")).resolve(name), content);
    }

    @Test
    void aCancelDuringTheEmbeddingRollsTheWholeIngestionBack() throws Exception {
        Path release = Files.createDirectories(dir.resolve("many"));
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        for (int m = 1; m <= 3_000; m++) {
            movies.append(m).append(",Film number ").append(m).append(" about topic ").append(m * 7919 % 3_001)
                    .append(" (2001),Drama\n");
        }
        Files.writeString(release.resolve("movies.csv"), movies);
        long id = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("source", "movielens", "location", release.toString()))
                .when().post("/api/v1/ingestions").then().statusCode(202).extract().jsonPath().getLong("id");
        long deadline = System.currentTimeMillis() + 60_000;
        JsonPath running;
        do {
            Thread.sleep(20);
            running = given().header("Authorization", ADMIN).when().get("/api/v1/ingestions/" + id).then().extract().jsonPath();
            assertTrue(System.currentTimeMillis() < deadline, "the embedding did not start: " + running.prettify());
        } while (!TextEmbeddingPhase.PROGRESS_UNIT.equals(running.getString("progress.unit")));
        assertEquals("RUNNING", running.getString("status"));

        given().header("Authorization", ADMIN).when().post("/api/v1/ingestions/" + id + "/cancel").then().statusCode(202);
        long cancelledAt = System.nanoTime();
        JsonPath job = awaitFinished(id);
        long millis = (System.nanoTime() - cancelledAt) / 1_000_000;
        assertEquals("CANCELLED", job.getString("status"), job.prettify());
        assertEquals("cancelled on request. Nothing from this ingestion was saved: the catalog is as it was.",
                job.getString("error"));
        assertTrue(millis < 5_000, "CANCELLED " + millis + " ms after the request (one batch of texts at most)");
        assertTrue(job.getLong("progress.done") < 3_000, job.prettify());
        System.out.printf("Cancel while embedding: CANCELLED after %d ms, %d of %d texts embedded%n", millis,
                job.getLong("progress.done"), job.getLong("progress.total"));
        assertEquals(0, count("SELECT count(*) FROM catalog.movies"));
        assertEquals(0, count("SELECT count(*) FROM catalog.movie_texts"));
        assertEquals(0, count("SELECT count(*) FROM catalog.movie_release_texts"));
        assertEquals(0, count("SELECT count(*) FROM catalog.text_embeddings"));
    }
}
