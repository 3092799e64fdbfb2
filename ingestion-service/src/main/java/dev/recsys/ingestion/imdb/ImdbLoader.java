package dev.recsys.ingestion.imdb;

import dev.recsys.ingestion.load.IngestionException;
import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.load.LineReader;
import dev.recsys.ingestion.load.PgBinaryCopy;
import dev.recsys.ingestion.load.StagingTables;
import dev.recsys.ingestion.source.SourceFile;
import dev.recsys.ingestion.source.SourceFiles;
import io.quarkus.logging.Log;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Streams the IMDb dumps and keeps only the titles in the catalog (join key: {@code tt} +
 * MovieLens imdbId). Memory is bounded by the catalog, not by the files: a non-matching row is
 * skipped from its first bytes, before any string is made. Then, in the caller's transaction,
 * sets runtime and IMDb rating on movies and merges people and credits.
 */
public final class ImdbLoader {

    public static final List<String> FILES = List.of("title.basics.tsv", "title.ratings.tsv", "title.crew.tsv",
            "title.principals.tsv", "name.basics.tsv");

    private static final String BASICS = "title.basics.tsv";
    private static final String RATINGS = "title.ratings.tsv";
    private static final String CREW = "title.crew.tsv";
    private static final String PRINCIPALS = "title.principals.tsv";
    private static final String NAMES = "name.basics.tsv";
    private static final String NULL = "\\N";

    private final SourceFiles files;
    private final IngestionReport report;
    private final LongConsumer progress;
    private final Int2ObjectOpenHashMap<TitleFacts> titles = new Int2ObjectOpenHashMap<>();
    private final List<Credit> credits = new ArrayList<>();
    private final LongOpenHashSet creditKeys = new LongOpenHashSet();
    private final IntSet neededPeople = new IntOpenHashSet();

    private static final class TitleFacts {
        Integer runtime;
        Integer year;
        Float rating;
        Integer votes;
    }

    private record Credit(int imdbId, int personId, String role, int order, String file, long line) {
    }

    private record Person(int personId, String name, Integer birthYear, Integer deathYear) {
    }

    public ImdbLoader(SourceFiles files, IngestionReport report, LongConsumer progress) {
        this.files = files;
        this.report = report;
        this.progress = progress;
    }

    public static boolean recognises(SourceFiles files) {
        return FILES.stream().anyMatch(files::has);
    }

    public void load(Connection connection) throws SQLException {
        IntSet catalogTitles = catalogImdbIds(connection);
        if (catalogTitles.isEmpty()) {
            throw new IngestionException("the catalog has no movies with IMDb ids yet: load a MovieLens release "
                    + "with links.csv first, then the IMDb files");
        }
        file(BASICS, 9, "tconst", catalogTitles, (f, line) -> {
            TitleFacts facts = titles.computeIfAbsent(f.imdbId, k -> new TitleFacts());
            facts.year = optionalInt(f.fields[5], "startYear");
            facts.runtime = optionalInt(f.fields[7], "runtimeMinutes");
        });
        file(RATINGS, 3, "tconst", catalogTitles, (f, line) -> {
            TitleFacts facts = titles.computeIfAbsent(f.imdbId, k -> new TitleFacts());
            facts.rating = optionalFloat(f.fields[1], "averageRating");
            facts.votes = optionalInt(f.fields[2], "numVotes");
        });
        boolean crewGiven = files.has(CREW);
        file(CREW, 3, "tconst", catalogTitles, (f, line) -> {
            addCredits(f.imdbId, f.fields[1], "director", CREW, line);
            addCredits(f.imdbId, f.fields[2], "writer", CREW, line);
        });
        file(PRINCIPALS, 6, "tconst", catalogTitles, (f, line) -> {
            String role = switch (f.fields[3]) {
                case "actor", "actress" -> "actor";
                // title.crew lists every director and writer; principals only the top few.
                case "director" -> crewGiven ? null : "director";
                case "writer" -> crewGiven ? null : "writer";
                default -> null;
            };
            if (role != null) {
                addCredit(f.imdbId, nconst(f.fields[2]), role, requiredInt(f.fields[1], "ordering"), PRINCIPALS, line);
            }
        });
        List<Person> people = new ArrayList<>();
        file(NAMES, 6, "nconst", neededPeople, (f, line) -> people.add(new Person(f.imdbId, required(f.fields[1], "primaryName"),
                optionalInt(f.fields[2], "birthYear"), optionalInt(f.fields[3], "deathYear"))));
        Log.infof("IMDb: %d catalog titles matched, %d credits, %d people", titles.size(), credits.size(), people.size());

        writeTitles(connection);
        writePeople(connection, people);
        writeCredits(connection);
    }

    private void addCredits(int imdbId, String nconsts, String role, String file, long line) {
        if (nconsts.equals(NULL) || nconsts.isEmpty()) {
            return;
        }
        String[] ids = nconsts.split(",");
        for (int i = 0; i < ids.length; i++) {
            addCredit(imdbId, nconst(ids[i]), role, i + 1, file, line);
        }
    }

    private void addCredit(int imdbId, int personId, String role, int order, String file, long line) {
        long key = ((long) imdbId << 32 | personId) * 3 + role.length();
        if (creditKeys.add(key)) {
            credits.add(new Credit(imdbId, personId, role, order, file, line));
            neededPeople.add(personId);
        }
    }

    // ---- streaming filter

    /** A matched row: the title (or person) id from its first column, and its fields. */
    private static final class Row {
        int imdbId;
        String[] fields;
    }

    @FunctionalInterface
    private interface RowHandler {
        void handle(Row row, long line);
    }

    private void file(String name, int columns, String idColumn, IntSet keep, RowHandler handler) {
        SourceFile file = files.find(name).orElse(null);
        if (file == null) {
            return;
        }
        String entity = name.replace(".tsv", "");
        Row row = new Row();
        long read = 0;
        long kept = 0;
        String prefix = idColumn.equals("tconst") ? "tt" : "nm";
        try (LineReader lines = new LineReader(file.open(progress), file.displayName(), StandardCharsets.UTF_8)) {
            if (!lines.next()) {
                throw new IngestionException(file.displayName() + " is empty");
            }
            String header = text(lines);
            if (header == null || !header.startsWith(idColumn + "\t")) {
                throw new IngestionException(file.displayName() + " line 1: expected an IMDb header starting with '"
                        + idColumn + "' but found '" + (header == null ? "(invalid UTF-8)" : abbreviate(header)) + "'");
            }
            while (lines.next()) {
                if (lines.isBlank()) {
                    continue;
                }
                read++;
                int id = idFromBytes(lines.buffer(), lines.start(), lines.end(), prefix);
                if (id < 0) {
                    report.reject(entity, file.displayName(), lines.lineNumber(), idColumn + " is not an IMDb id ("
                            + prefix + " followed by digits)");
                    continue;
                }
                if (!keep.contains(id)) {
                    continue;
                }
                String text = text(lines);
                if (text == null) {
                    report.reject(entity, file.displayName(), lines.lineNumber(), "invalid UTF-8 byte sequence");
                    continue;
                }
                String[] fields = text.split("\t", -1);
                if (fields.length != columns) {
                    report.reject(entity, file.displayName(), lines.lineNumber(), "expected " + columns
                            + " tab-separated fields but found " + fields.length);
                    continue;
                }
                row.imdbId = id;
                row.fields = fields;
                try {
                    handler.handle(row, lines.lineNumber());
                    kept++;
                } catch (BadField e) {
                    report.reject(entity, file.displayName(), lines.lineNumber(), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        report.counts(entity).addRead(read);
        Log.infof("IMDb %s: %d rows read, %d kept for the catalog", file.displayName(), read, kept);
    }

    /** Parses "tt0114709" / "nm0000158" from the start of a line, without making a string; -1 if malformed. */
    private static int idFromBytes(byte[] bytes, int start, int end, String prefix) {
        if (end - start < 3 || bytes[start] != prefix.charAt(0) || bytes[start + 1] != prefix.charAt(1)) {
            return -1;
        }
        long id = 0;
        int i = start + 2;
        for (; i < end && bytes[i] != '\t'; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9 || id > Integer.MAX_VALUE / 10) {
                return -1;
            }
            id = id * 10 + digit;
        }
        return i == start + 2 ? -1 : (int) id;
    }

    private static String text(LineReader lines) {
        try {
            return lines.text();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    // ---- writing

    private void writeTitles(Connection connection) throws SQLException {
        if (titles.isEmpty()) {
            return;
        }
        StagingTables.prepare(connection, "imdb_titles_incoming",
                "imdb_id integer, year smallint, runtime smallint, rating real, votes integer");
        try (PgBinaryCopy copy = PgBinaryCopy.start(connection, "imdb_titles_incoming", "imdb_id, year, runtime, rating, votes")) {
            for (var entry : titles.int2ObjectEntrySet()) {
                TitleFacts t = entry.getValue();
                copy.startRow(5);
                copy.int4(entry.getIntKey());
                copy.int2OrNull(t.year);
                copy.int2OrNull(t.runtime);
                copy.float4OrNull(t.rating);
                copy.int4OrNull(t.votes);
            }
            copy.finish();
        }
        String update = """
                UPDATE catalog.movies m
                SET runtime_minutes = coalesce(t.runtime, m.runtime_minutes), imdb_rating = coalesce(t.rating, m.imdb_rating),
                    imdb_votes = coalesce(t.votes, m.imdb_votes), year = coalesce(m.year, t.year), updated_at = now()
                FROM imdb_titles_incoming t
                WHERE m.imdb_id = t.imdb_id
                  AND (m.runtime_minutes, m.imdb_rating, m.imdb_votes, m.year) IS DISTINCT FROM
                      (coalesce(t.runtime, m.runtime_minutes), coalesce(t.rating, m.imdb_rating),
                       coalesce(t.votes, m.imdb_votes), coalesce(m.year, t.year))
                """;
        try (Statement s = connection.createStatement()) {
            report.counts("movies").addUpdated(s.executeUpdate(update));
        }
    }

    private void writePeople(Connection connection, List<Person> people) throws SQLException {
        if (people.isEmpty()) {
            return;
        }
        StagingTables.prepare(connection, "people_incoming",
                "person_id integer, name text, birth_year smallint, death_year smallint");
        try (PgBinaryCopy copy = PgBinaryCopy.start(connection, "people_incoming", "person_id, name, birth_year, death_year")) {
            for (Person p : people) {
                copy.startRow(4);
                copy.int4(p.personId());
                copy.text(p.name());
                copy.int2OrNull(p.birthYear());
                copy.int2OrNull(p.deathYear());
            }
            copy.finish();
        }
        report.counts("people").addRead(people.size());
        StagingTables.count(report.counts("people"), StagingTables.merge(connection, """
                INSERT INTO catalog.people AS p (person_id, name, birth_year, death_year)
                SELECT DISTINCT ON (person_id) person_id, name, birth_year, death_year FROM people_incoming
                ON CONFLICT (person_id) DO UPDATE
                    SET name = EXCLUDED.name, birth_year = EXCLUDED.birth_year, death_year = EXCLUDED.death_year
                    WHERE (p.name, p.birth_year, p.death_year) IS DISTINCT FROM
                          (EXCLUDED.name, EXCLUDED.birth_year, EXCLUDED.death_year)
                """));
    }

    private void writeCredits(Connection connection) throws SQLException {
        if (credits.isEmpty()) {
            return;
        }
        StagingTables.prepare(connection, "credits_incoming",
                "imdb_id integer, person_id integer, role text, billing_order smallint, file text, line integer");
        try (PgBinaryCopy copy = PgBinaryCopy.start(connection, "credits_incoming",
                "imdb_id, person_id, role, billing_order, file, line")) {
            for (Credit c : credits) {
                copy.startRow(6);
                copy.int4(c.imdbId());
                copy.int4(c.personId());
                copy.text(c.role());
                copy.int2OrNull(Math.min(c.order(), Short.MAX_VALUE));
                copy.text(c.file());
                copy.int4((int) Math.min(Integer.MAX_VALUE, c.line()));
            }
            copy.finish();
        }
        // A credit whose person is in no name.basics we were given, nor in the catalog, cannot be stored.
        String orphans = """
                SELECT i.file, i.line, i.person_id FROM credits_incoming i
                WHERE NOT EXISTS (SELECT 1 FROM catalog.people p WHERE p.person_id = i.person_id)
                ORDER BY i.file, i.line
                """;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(orphans)) {
            while (rs.next()) {
                report.reject("credits", files.find(rs.getString(1)).map(SourceFile::displayName).orElse(rs.getString(1)),
                        rs.getLong(2), "person " + String.format("nm%07d", rs.getInt(3)) + " is not in " + NAMES
                                + " nor in the catalog");
            }
        }
        report.counts("credits").addRead(credits.size());
        StagingTables.count(report.counts("credits"), StagingTables.merge(connection, """
                INSERT INTO catalog.credits AS c (movie_id, person_id, role, billing_order)
                SELECT m.movie_id, i.person_id, i.role, i.billing_order
                FROM credits_incoming i
                JOIN catalog.movies m ON m.imdb_id = i.imdb_id
                JOIN catalog.people p ON p.person_id = i.person_id
                ON CONFLICT (movie_id, role, person_id) DO UPDATE SET billing_order = EXCLUDED.billing_order
                    WHERE c.billing_order IS DISTINCT FROM EXCLUDED.billing_order
                """));
    }

    private static IntSet catalogImdbIds(Connection connection) throws SQLException {
        IntSet ids = new IntOpenHashSet();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT imdb_id FROM catalog.movies WHERE imdb_id IS NOT NULL")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }

    // ---- field parsing

    /** A field of a matched row is not what the format says: the row is rejected. */
    private static final class BadField extends RuntimeException {
        BadField(String message) {
            super(message, null, false, false);
        }
    }

    private static int nconst(String value) {
        if (value.length() > 2 && value.startsWith("nm")) {
            try {
                return Integer.parseInt(value.substring(2));
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new BadField("'" + abbreviate(value) + "' is not an IMDb person id (nm followed by digits)");
    }

    private static Integer optionalInt(String value, String field) {
        if (value.equals(NULL) || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new BadField(field + " '" + abbreviate(value) + "' is not an integer");
        }
    }

    private static int requiredInt(String value, String field) {
        Integer parsed = optionalInt(value, field);
        if (parsed == null) {
            throw new BadField(field + " is missing");
        }
        return parsed;
    }

    private static Float optionalFloat(String value, String field) {
        if (value.equals(NULL) || value.isEmpty()) {
            return null;
        }
        try {
            float parsed = Float.parseFloat(value);
            if (parsed < 0 || parsed > 10) {
                throw new BadField(field + " " + value + " is outside 0–10");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new BadField(field + " '" + abbreviate(value) + "' is not a number");
        }
    }

    private static String required(String value, String field) {
        if (value.equals(NULL) || value.isBlank()) {
            throw new BadField(field + " is missing");
        }
        return value;
    }

    private static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
