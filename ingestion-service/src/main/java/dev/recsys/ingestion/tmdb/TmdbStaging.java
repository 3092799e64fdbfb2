package dev.recsys.ingestion.tmdb;

import dev.recsys.insights.NameKey;
import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.load.PgBinaryCopy;
import dev.recsys.ingestion.load.StagingTables;
import dev.recsys.ingestion.source.SourceFile;
import dev.recsys.ingestion.source.SourceFiles;
import dev.recsys.ingestion.tmdb.TmdbMovie.Name;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL half of a TMDB load, in the caller's transaction: staging tables that the loader COPYs file rows
 * into (one staging row per file row, its lists as parallel arrays), and the merges into {@code catalog.tmdb_*}.
 * A movie's lists are replaced as a whole by what the files say now; a second load of the same files changes
 * nothing. Rows whose TMDB id is neither in this load's movies file nor in the catalog are rejects.
 */
final class TmdbStaging {

    /** One cast or crew entry of a movie. */
    record Credit(String kind, int personId, String name, String nameKey, Integer billingOrder, String character,
                  String department, String job) {
    }

    private static final String MOVIE_COLUMNS = "tmdb_id, imdb_id, title, original_title, original_language, overview, "
            + "tagline, release_date, release_year, release_month, budget, revenue, runtime_minutes, vote_average, "
            + "vote_count, popularity, status, collection_id, collection, collection_key, genres";

    private final Connection connection;
    private final IngestionReport report;

    private TmdbStaging(Connection connection, IngestionReport report) {
        this.connection = connection;
        this.report = report;
    }

    static TmdbStaging prepare(Connection connection, IngestionReport report) throws SQLException {
        StagingTables.prepare(connection, "tmdb_movies_incoming", """
                seq integer, file text, line integer, tmdb_id integer, imdb_id integer, title text, original_title text,
                original_language text, overview text, tagline text, release_date date, release_year smallint,
                release_month smallint, budget bigint, revenue bigint, runtime_minutes smallint, vote_average real,
                vote_count integer, popularity real, status text, collection_id integer, collection text,
                collection_key text, genres text[], list_kinds text[], entry_kinds text[], entry_codes text[],
                entry_names text[], entry_keys text[]""");
        // One row per movie and list file row: the kinds of list it gives in full, and their entries.
        StagingTables.prepare(connection, "tmdb_lists_incoming", """
                seq integer, file text, line integer, tmdb_id integer, list_kinds text[], entry_kinds text[],
                entry_codes text[], entry_names text[], entry_keys text[]""");
        StagingTables.prepare(connection, "tmdb_credits_incoming", """
                seq integer, file text, line integer, tmdb_id integer, kinds text[], person_ids text[], names text[],
                name_keys text[], billing_orders text[], characters text[], departments text[], jobs text[]""");
        StagingTables.prepare(connection, "tmdb_links_incoming", "movie_id integer, imdb_id integer, tmdb_id integer");
        return new TmdbStaging(connection, report);
    }

    PgBinaryCopy moviesCopy() throws SQLException {
        return PgBinaryCopy.start(connection, "tmdb_movies_incoming", "seq, file, line, " + MOVIE_COLUMNS
                + ", list_kinds, entry_kinds, entry_codes, entry_names, entry_keys");
    }

    void movie(PgBinaryCopy copy, TmdbMovie m, TmdbLayout layout, String file, long line, int seq) throws SQLException {
        copy.startRow(29);
        copy.int4(seq);
        copy.text(file);
        copy.int4(lineNumber(line));
        copy.int4(m.tmdbId());
        copy.int4OrNull(m.imdbId());
        copy.text(m.title());
        copy.text(m.originalTitle());
        copy.text(m.originalLanguage());
        copy.text(m.overview());
        copy.text(m.tagline());
        copy.dateOrNull(m.releaseDate());
        copy.int2OrNull(m.releaseYear());
        copy.int2OrNull(m.releaseMonth());
        copy.int8OrNull(m.budget());
        copy.int8OrNull(m.revenue());
        copy.int2OrNull(m.runtime());
        copy.float4OrNull(m.voteAverage());
        copy.int4OrNull(m.voteCount());
        copy.float4OrNull(m.popularity());
        copy.text(m.status());
        copy.int4OrNull(m.collectionId());
        copy.text(m.collection());
        copy.text(m.collection() == null ? null : NameKey.of(m.collection()));
        copy.textArray(m.genres());
        Entries entries = new Entries();
        entries.add("company", m.companies());
        entries.add("country", m.countries());
        entries.add("language", m.languages());
        List<String> kinds = new ArrayList<>(List.of("company", "country", "language"));
        if (layout == TmdbLayout.TMDB_5000) {
            kinds.add("keyword");   // TMDB 5000 keeps a movie's keywords in its row
            entries.add("keyword", m.keywords());
        }
        copy.textArray(kinds);
        entries.write(copy);
    }

    PgBinaryCopy listsCopy() throws SQLException {
        return PgBinaryCopy.start(connection, "tmdb_lists_incoming",
                "seq, file, line, tmdb_id, list_kinds, entry_kinds, entry_codes, entry_names, entry_keys");
    }

    void list(PgBinaryCopy copy, int tmdbId, String kind, List<Name> names, String file, long line, int seq)
            throws SQLException {
        copy.startRow(9);
        copy.int4(seq);
        copy.text(file);
        copy.int4(lineNumber(line));
        copy.int4(tmdbId);
        copy.textArray(List.of(kind));
        Entries entries = new Entries();
        entries.add(kind, names);
        entries.write(copy);
    }

    PgBinaryCopy creditsCopy() throws SQLException {
        return PgBinaryCopy.start(connection, "tmdb_credits_incoming",
                "seq, file, line, tmdb_id, kinds, person_ids, names, name_keys, billing_orders, characters, departments, jobs");
    }

    void credits(PgBinaryCopy copy, int tmdbId, List<Credit> credits, String file, long line, int seq) throws SQLException {
        int n = credits.size();
        List<String> kinds = new ArrayList<>(n);
        List<String> personIds = new ArrayList<>(n);
        List<String> names = new ArrayList<>(n);
        List<String> keys = new ArrayList<>(n);
        List<String> orders = new ArrayList<>(n);
        List<String> characters = new ArrayList<>(n);
        List<String> departments = new ArrayList<>(n);
        List<String> jobs = new ArrayList<>(n);
        for (Credit c : credits) {
            kinds.add(c.kind());
            personIds.add(Integer.toString(c.personId()));
            names.add(c.name());
            keys.add(c.nameKey());
            orders.add(c.billingOrder() == null ? null : c.billingOrder().toString());
            characters.add(c.character());
            departments.add(c.department());
            jobs.add(c.job());
        }
        copy.startRow(12);
        copy.int4(seq);
        copy.text(file);
        copy.int4(lineNumber(line));
        copy.int4(tmdbId);
        copy.textArray(kinds);
        copy.textArray(personIds);
        copy.textArray(names);
        copy.textArray(keys);
        copy.textArray(orders);
        copy.textArray(characters);
        copy.textArray(departments);
        copy.textArray(jobs);
    }

    PgBinaryCopy linksCopy() throws SQLException {
        return PgBinaryCopy.start(connection, "tmdb_links_incoming", "movie_id, imdb_id, tmdb_id");
    }

    void link(PgBinaryCopy copy, int movieId, Integer imdbId, Integer tmdbId) throws SQLException {
        copy.startRow(3);
        copy.int4(movieId);
        copy.int4OrNull(imdbId);
        copy.int4OrNull(tmdbId);
    }

    /**
     * Upserts the movies (the first row of an id across this load's files wins; a layout without IMDb ids or
     * collections never clears one an earlier load stored) and queues their companies, countries and languages.
     */
    void mergeMovies() throws SQLException {
        List<String> columns = List.of(MOVIE_COLUMNS.split(", "));
        List<String> kept = List.of("imdb_id", "collection_id", "collection", "collection_key");
        List<String> values = columns.stream().skip(1)
                .map(c -> kept.contains(c) ? "coalesce(EXCLUDED." + c + ", t." + c + ")" : "EXCLUDED." + c).toList();
        List<String> assignments = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            assignments.add(columns.get(i + 1) + " = " + values.get(i));
        }
        String current = String.join(", ", columns.stream().skip(1).map(c -> "t." + c).toList());
        StagingTables.count(report.counts(TmdbLoader.MOVIES), StagingTables.merge(connection,
                "INSERT INTO catalog.tmdb_movies AS t (" + MOVIE_COLUMNS + ") "
                        + "SELECT DISTINCT ON (tmdb_id) " + MOVIE_COLUMNS + " FROM tmdb_movies_incoming ORDER BY tmdb_id, seq "
                        + "ON CONFLICT (tmdb_id) DO UPDATE SET " + String.join(", ", assignments) + ", updated_at = now() "
                        + "WHERE (" + current + ") IS DISTINCT FROM (" + String.join(", ", values) + ")"));
        execute("""
                INSERT INTO tmdb_lists_incoming (seq, file, line, tmdb_id, list_kinds, entry_kinds, entry_codes, entry_names,
                                                 entry_keys)
                SELECT DISTINCT ON (tmdb_id) seq, file, line, tmdb_id, list_kinds, entry_kinds, entry_codes, entry_names,
                       entry_keys
                FROM tmdb_movies_incoming ORDER BY tmdb_id, seq""");
    }

    /** Replaces each listed movie's companies, countries, languages and keywords by the files' lists. */
    void mergeNames(SourceFiles files) throws SQLException {
        rejectOrphans("tmdb_lists_incoming", TmdbLoader.KEYWORDS, files);
        execute("""
                CREATE TEMP TABLE tmdb_names_incoming ON COMMIT DROP AS
                SELECT l.tmdb_id, e.kind,
                       (row_number() OVER (PARTITION BY l.tmdb_id, e.kind ORDER BY e.ordinal) - 1)::smallint AS position,
                       e.code, e.name, e.name_key
                FROM (SELECT DISTINCT ON (tmdb_id, list_kinds) * FROM tmdb_lists_incoming ORDER BY tmdb_id, list_kinds, seq) l
                JOIN catalog.tmdb_movies t USING (tmdb_id)
                CROSS JOIN LATERAL unnest(l.entry_kinds, l.entry_codes, l.entry_names, l.entry_keys)
                    WITH ORDINALITY AS e(kind, code, name, name_key, ordinal)""");
        // Entries a list no longer has; the positions it still has are overwritten below.
        String removed = """
                DELETE FROM catalog.tmdb_movie_names n
                USING (SELECT DISTINCT tmdb_id, unnest(list_kinds) AS kind FROM tmdb_lists_incoming) listed
                WHERE n.tmdb_id = listed.tmdb_id AND n.kind = listed.kind
                  AND NOT EXISTS (SELECT 1 FROM tmdb_names_incoming i
                                  WHERE i.tmdb_id = n.tmdb_id AND i.kind = n.kind AND i.position = n.position)
                RETURNING n.kind""";
        String upsert = """
                INSERT INTO catalog.tmdb_movie_names AS n (tmdb_id, kind, position, code, name, name_key)
                SELECT tmdb_id, kind, position, code, name, name_key FROM tmdb_names_incoming
                ON CONFLICT (tmdb_id, kind, position) DO UPDATE
                    SET code = EXCLUDED.code, name = EXCLUDED.name, name_key = EXCLUDED.name_key
                    WHERE (n.code, n.name, n.name_key) IS DISTINCT FROM (EXCLUDED.code, EXCLUDED.name, EXCLUDED.name_key)
                RETURNING n.kind, (xmax = 0) AS inserted""";
        countByKind(removed, upsert);
    }

    /** Replaces each credited movie's cast and crew by the file's lists. */
    void mergeCredits(SourceFiles files) throws SQLException {
        rejectOrphans("tmdb_credits_incoming", TmdbLoader.CREDITS, files);
        execute("""
                CREATE TEMP TABLE tmdb_credit_rows ON COMMIT DROP AS
                SELECT c.tmdb_id, e.kind,
                       (row_number() OVER (PARTITION BY c.tmdb_id, e.kind ORDER BY e.ordinal) - 1)::smallint AS position,
                       e.person_id::integer AS person_id, e.name, e.name_key, e.billing_order::smallint AS billing_order,
                       e.character, e.department, e.job
                FROM (SELECT DISTINCT ON (tmdb_id) * FROM tmdb_credits_incoming ORDER BY tmdb_id, seq) c
                JOIN catalog.tmdb_movies t USING (tmdb_id)
                CROSS JOIN LATERAL unnest(c.kinds, c.person_ids, c.names, c.name_keys, c.billing_orders, c.characters,
                                          c.departments, c.jobs)
                    WITH ORDINALITY AS e(kind, person_id, name, name_key, billing_order, character, department, job, ordinal)""");
        String removed = """
                DELETE FROM catalog.tmdb_credits r
                USING (SELECT DISTINCT tmdb_id FROM tmdb_credits_incoming) credited
                WHERE r.tmdb_id = credited.tmdb_id
                  AND NOT EXISTS (SELECT 1 FROM tmdb_credit_rows i
                                  WHERE i.tmdb_id = r.tmdb_id AND i.kind = r.kind AND i.position = r.position)
                RETURNING 'credit'::text""";
        String upsert = """
                INSERT INTO catalog.tmdb_credits AS r (tmdb_id, kind, position, person_id, name, name_key, billing_order,
                                                       character, department, job)
                SELECT tmdb_id, kind, position, person_id, name, name_key, billing_order, character, department, job
                FROM tmdb_credit_rows
                ON CONFLICT (tmdb_id, kind, position) DO UPDATE
                    SET person_id = EXCLUDED.person_id, name = EXCLUDED.name, name_key = EXCLUDED.name_key,
                        billing_order = EXCLUDED.billing_order, character = EXCLUDED.character,
                        department = EXCLUDED.department, job = EXCLUDED.job
                    WHERE (r.person_id, r.name, r.name_key, r.billing_order, r.character, r.department, r.job)
                          IS DISTINCT FROM (EXCLUDED.person_id, EXCLUDED.name, EXCLUDED.name_key, EXCLUDED.billing_order,
                                            EXCLUDED.character, EXCLUDED.department, EXCLUDED.job)
                RETURNING 'credit'::text, (xmax = 0) AS inserted""";
        countByKind(removed, upsert);
    }

    /**
     * Links catalog movies that have no TMDB id yet: first through the links file's tmdbId (MovieLens's own
     * links, as The Movies Dataset ships them), then through the IMDb id both catalogs know.
     */
    void linkCatalogMovies() throws SQLException {
        long linked;
        try (Statement s = connection.createStatement()) {
            linked = s.executeUpdate("""
                    UPDATE catalog.movies m SET tmdb_id = l.tmdb_id, imdb_id = coalesce(m.imdb_id, l.imdb_id), updated_at = now()
                    FROM (SELECT DISTINCT ON (movie_id) * FROM tmdb_links_incoming WHERE tmdb_id IS NOT NULL ORDER BY movie_id) l
                    WHERE m.movie_id = l.movie_id AND m.tmdb_id IS NULL""");
            linked += s.executeUpdate("""
                    UPDATE catalog.movies m SET tmdb_id = t.tmdb_id, updated_at = now()
                    FROM (SELECT imdb_id, min(tmdb_id) AS tmdb_id FROM catalog.tmdb_movies WHERE imdb_id IS NOT NULL
                          GROUP BY imdb_id) t
                    WHERE m.tmdb_id IS NULL AND m.imdb_id = t.imdb_id""");
        }
        report.counts("movies").addUpdated(linked);
    }

    /**
     * Runs a delete and an upsert that both return the kind of each row they touch, and counts them per kind:
     * inserted rows as inserted, overwritten and removed ones as updated.
     */
    private void countByKind(String removed, String upsert) throws SQLException {
        String sql = "WITH removed AS (" + removed + "), upserted AS (" + upsert + ") "
                + "SELECT kind, sum(inserted), sum(updated) FROM ("
                + "SELECT kind, 0 AS inserted, 1 AS updated FROM removed AS r(kind) UNION ALL "
                + "SELECT kind, CASE WHEN inserted THEN 1 ELSE 0 END, CASE WHEN inserted THEN 0 ELSE 1 END "
                + "FROM upserted AS u(kind, inserted)) counted GROUP BY kind";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                String entity = switch (rs.getString(1)) {
                    case "company" -> "tmdbCompanies";
                    case "country" -> "tmdbCountries";
                    case "language" -> "tmdbLanguages";
                    case "keyword" -> TmdbLoader.KEYWORDS;
                    default -> TmdbLoader.CREDITS;
                };
                report.counts(entity).addInserted(rs.getLong(2));
                report.counts(entity).addUpdated(rs.getLong(3));
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** Rows of {@code table} whose movie is neither in this load nor in the catalog. */
    private void rejectOrphans(String table, String entity, SourceFiles files) throws SQLException {
        String orphans = "SELECT file, line, tmdb_id FROM " + table + " i "
                + "WHERE NOT EXISTS (SELECT 1 FROM catalog.tmdb_movies t WHERE t.tmdb_id = i.tmdb_id) ORDER BY file, line";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(orphans)) {
            while (rs.next()) {
                report.reject(entity, files.find(rs.getString(1)).map(SourceFile::displayName).orElse(rs.getString(1)),
                        rs.getLong(2), "TMDB id " + rs.getInt(3) + " is neither in the movies file nor in the catalog");
            }
        }
    }

    private static int lineNumber(long line) {
        return (int) Math.min(Integer.MAX_VALUE, line);
    }

    /** A row's list entries as parallel arrays. */
    private static final class Entries {
        final List<String> kinds = new ArrayList<>();
        final List<String> codes = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<String> keys = new ArrayList<>();

        void add(String kind, List<Name> entries) {
            for (Name entry : entries) {
                kinds.add(kind);
                codes.add(entry.code());
                names.add(entry.name());
                keys.add(entry.key());
            }
        }

        void write(PgBinaryCopy copy) throws SQLException {
            copy.textArray(kinds);
            copy.textArray(codes);
            copy.textArray(names);
            copy.textArray(keys);
        }
    }
}
