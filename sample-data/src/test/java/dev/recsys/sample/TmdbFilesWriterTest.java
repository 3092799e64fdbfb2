package dev.recsys.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.sample.SampleDataGenerator.Options;
import dev.recsys.sample.SampleDataGenerator.TmdbLayout;
import dev.recsys.sample.SampleDataGenerator.TmdbSummary;
import dev.recsys.sample.SampleWorld.Movie;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TmdbFilesWriterTest {

    private static final int MOVIES = 300;
    private static final int TMDB_ONLY = 200;

    @TempDir
    Path dir;

    /** One CSV record: the physical line it starts on (header = 1) and its fields. */
    record Row(int line, List<String> fields) {
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws IOException {
        for (TmdbLayout layout : TmdbLayout.values()) {
            Path a = dir.resolve(layout + "-a");
            Path b = dir.resolve(layout + "-b");
            SampleDataGenerator.writeTmdb(a, layout, 7, 80, 40);
            SampleDataGenerator.writeTmdb(b, layout, 7, 80, 40);
            try (var files = Files.list(a)) {
                for (Path file : files.toList()) {
                    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(b.resolve(file.getFileName())),
                            file.toString());
                }
            }
        }
    }

    @Test
    void moviesDatasetHasTheRealFilesQuirksWhereTheSummarySays() throws IOException {
        TmdbSummary summary = SampleDataGenerator.writeTmdb(dir, TmdbLayout.MOVIES_DATASET, 42, MOVIES, TMDB_ONLY);
        String movies = Files.readString(dir.resolve("movies_metadata.csv"));
        List<Row> rows = rows(movies);
        assertEquals("adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,original_title,"
                + "overview,popularity,poster_path,production_companies,production_countries,release_date,revenue,"
                + "runtime,spoken_languages,status,tagline,title,video,vote_average,vote_count",
                String.join(",", rows.get(0).fields()));
        List<Row> data = rows.subList(1, rows.size());
        assertEquals(summary.movieRows(), data.size());
        assertEquals(summary.movies() + summary.duplicateIds().size() + 3, data.size());

        List<Integer> shifted = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        List<Integer> repeatedLines = new ArrayList<>();
        for (Row row : data) {
            if (row.fields().size() != 24) {
                shifted.add(row.line());
                assertEquals(15, row.fields().size());
                assertTrue(row.fields().get(5).matches("\\d{4}-\\d{2}-\\d{2}"), "a date in id: " + row.fields().get(5));
            } else if (firstLine.putIfAbsent(row.fields().get(5), row.line()) != null) {
                repeatedLines.add(row.line());
            }
        }
        assertEquals(summary.shiftedLines(), shifted);
        assertEquals(summary.duplicateLines(), repeatedLines);
        assertEquals(summary.movies(), firstLine.size());
        assertTrue(summary.duplicateIds().stream().allMatch(id -> firstLine.containsKey(id.toString())));

        assertTrue(data.stream().anyMatch(r -> r.fields().size() == 24 && r.fields().get(9).contains("\n")),
                "an overview over several lines");
        assertTrue(data.stream().anyMatch(r -> r.fields().get(0).equals("True")), "an adult movie");
        assertTrue(data.stream().anyMatch(r -> r.fields().size() == 24 && r.fields().get(6).isEmpty()), "no imdb_id");
        assertTrue(movies.contains("'backdrop_path': None}"), "None in a collection");
        assertTrue(movies.contains("{'name': \"\"Andy's Toys\"\", 'id': 17}"), "repr double-quotes a name with '");
        assertTrue(movies.contains("{'name': 'Mo\\' \"\"Big\"\" Films', 'id': 29}"), "and escapes ' when it holds both");
        assertTrue(movies.contains("'name': \"\"Côte d'Ivoire\"\""));

        List<Row> credits = rows(Files.readString(dir.resolve("credits.csv")));
        assertEquals(List.of("cast", "crew", "id"), credits.get(0).fields());
        assertEquals(summary.creditsRows(), credits.size() - 1);
        assertEquals(summary.movies(), summary.creditsRows());
        assertTrue(credits.stream().anyMatch(r -> r.fields().get(1).length() > 100_000), "a crew cell over 100 KB");

        List<Row> keywords = rows(Files.readString(dir.resolve("keywords.csv")));
        assertEquals(List.of("id", "keywords"), keywords.get(0).fields());
        assertEquals(summary.keywordsRows(), keywords.size() - 1);
        assertTrue(summary.keywordsRows() > summary.movies(), "some keywords rows repeat an id");
        assertTrue(keywords.stream().anyMatch(r -> r.fields().get(1).equals("[]")));
    }

    @Test
    void linkedMoviesCarryTheWorldsIdsAndPeople() throws IOException {
        TmdbSummary summary = SampleDataGenerator.writeTmdb(dir, TmdbLayout.MOVIES_DATASET, 42, MOVIES, TMDB_ONLY);
        SampleWorld world = new SampleWorld(42, MOVIES, 1);
        List<Movie> linked = world.movies.stream().filter(m -> m.tmdbId() != null).toList();
        assertEquals(linked.size(), summary.linkedMovies());
        assertEquals(linked.size() + TMDB_ONLY, summary.movies());

        Map<String, List<String>> byId = new HashMap<>();
        rows(Files.readString(dir.resolve("movies_metadata.csv"))).forEach(r -> byId.put(r.fields().get(5), r.fields()));
        Map<String, List<String>> creditsById = new HashMap<>();
        rows(Files.readString(dir.resolve("credits.csv"))).forEach(r -> creditsById.put(r.fields().get(2), r.fields()));
        for (Movie m : linked) {
            List<String> row = byId.get(m.tmdbId().toString());
            assertEquals(ImdbDumpWriter.tconst(m.imdbId()), row.get(6));
            assertEquals(TmdbCatalog.tmdbTitle(m.title()), row.get(20));
            assertTrue(row.get(14).isEmpty() || row.get(14).startsWith(m.year() + "-"), row.get(14));
            String crew = creditsById.get(m.tmdbId().toString()).get(1);
            assertTrue(crew.contains("'id': " + (m.director().nconst() + 1_000_000) + ", 'job': 'Director'"), crew);
            assertTrue(crew.contains(python(m.director().name())), crew);
            String cast = creditsById.get(m.tmdbId().toString()).get(0);
            assertTrue(cast.contains("'id': " + (m.cast().get(0).nconst() + 1_000_000) + ", 'name': "
                    + python(m.cast().get(0).name()) + ", 'order': 0}"), cast);
        }

        // The links.csv beside the TMDB files is the MovieLens sample's, byte for byte.
        Path release = dir.resolve("movielens");
        new SampleDataGenerator(Options.small(release).withSize(20, MOVIES, 1_000)).write();
        assertArrayEquals(Files.readAllBytes(release.resolve("links.csv")), Files.readAllBytes(dir.resolve("links.csv")));
    }

    @Test
    void tmdb5000WritesJsonListsAndNoQuirks() throws IOException {
        TmdbSummary summary = SampleDataGenerator.writeTmdb(dir, TmdbLayout.TMDB_5000, 42, MOVIES, TMDB_ONLY);
        List<Row> movies = rows(Files.readString(dir.resolve("tmdb_5000_movies.csv")));
        assertEquals("budget,genres,homepage,id,keywords,original_language,original_title,overview,popularity,"
                + "production_companies,production_countries,release_date,revenue,runtime,spoken_languages,status,"
                + "tagline,title,vote_average,vote_count", String.join(",", movies.get(0).fields()));
        assertEquals(summary.movies(), movies.size() - 1);
        assertTrue(movies.stream().allMatch(r -> r.fields().size() == 20));
        assertEquals(summary.movies(), movies.stream().skip(1).map(r -> r.fields().get(3)).distinct().count());
        assertTrue(summary.shiftedLines().isEmpty() && summary.duplicateIds().isEmpty());
        String text = Files.readString(dir.resolve("tmdb_5000_movies.csv"));
        assertTrue(text.contains("{\"\"name\"\": \"\"Mo' \\\"\"Big\\\"\" Films\"\", \"\"id\"\": 29}"), "JSON escapes \"");
        assertTrue(text.contains("Soci\\u00e9t\\u00e9 G\\u00e9n\\u00e9rale des Films"), "json.dumps escapes non-ASCII");
        assertFalse(text.contains("'id'"), "no Python literals");

        List<Row> credits = rows(Files.readString(dir.resolve("tmdb_5000_credits.csv")));
        assertEquals(List.of("movie_id", "title", "cast", "crew"), credits.get(0).fields());
        assertEquals(summary.creditsRows(), credits.size() - 1);
        assertTrue(credits.get(1).fields().get(3).startsWith("[{\"credit_id\": \""), credits.get(1).fields().get(3));
        assertTrue(Files.exists(dir.resolve("links.csv")));
    }

    /** RFC 4180 records with the physical line each starts on; fields keep their newlines. */
    static List<Row> rows(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int start = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                    line += c == '\n' ? 1 : 0;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                rows.add(new Row(start, List.copyOf(fields)));
                fields.clear();
                start = ++line;
            } else {
                field.append(c);
            }
        }
        return rows;
    }

    /** How Python's repr writes a name (the world's names hold ' but never "). */
    private static String python(String name) {
        return name.indexOf('\'') >= 0 ? '"' + name + '"' : "'" + name + "'";
    }
}
