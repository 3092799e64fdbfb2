package dev.recsys.ingestion.imdb;

import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.load.PgBinaryCopy;
import dev.recsys.ingestion.load.StagingTables;
import dev.recsys.ingestion.source.SourceFile;
import dev.recsys.ingestion.source.SourceFiles;
import it.unimi.dsi.fastutil.ints.Int2ObjectMap;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Writes what the IMDb filter kept into the catalog, in the caller's transaction: runtime, year
 * and IMDb rating onto the movies, then people and credits, each through a staging table and COPY.
 */
final class ImdbWriter {

    /** What the dumps say about one catalog title; null where a dump had nothing. */
    static final class TitleFacts {
        Integer runtime;
        Integer year;
        Float rating;
        Integer votes;
    }

    /** One credit, with the file and line it came from for rejects. */
    record Credit(int imdbId, int personId, String role, int order, String file, long line) {
    }

    record Person(int personId, String name, Integer birthYear, Integer deathYear) {
    }

    private final Connection connection;
    private final IngestionReport report;

    ImdbWriter(Connection connection, IngestionReport report) {
        this.connection = connection;
        this.report = report;
    }

    /** The IMDb ids of the catalog's movies: the titles worth keeping from the dumps. */
    IntSet catalogImdbIds() throws SQLException {
        IntSet ids = new IntOpenHashSet();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT imdb_id FROM catalog.movies WHERE imdb_id IS NOT NULL")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }

    void writeTitles(Int2ObjectMap<TitleFacts> titles) throws SQLException {
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

    void writePeople(List<Person> people) throws SQLException {
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

    /** Credits whose person is neither in {@code names} nor in the catalog are rejected. */
    void writeCredits(List<Credit> credits, SourceFiles files, String names) throws SQLException {
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
                        rs.getLong(2), "person " + String.format("nm%07d", rs.getInt(3)) + " is not in " + names
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
}
