package dev.recsys.ingestion.tmdb;

import dev.recsys.insights.NameKey;
import dev.recsys.ingestion.load.CsvRows;
import dev.recsys.ingestion.load.Fields;
import dev.recsys.ingestion.load.IngestionException;
import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.load.Loader;
import dev.recsys.ingestion.load.PgBinaryCopy;
import dev.recsys.ingestion.load.RowRejected;
import dev.recsys.ingestion.source.SourceFile;
import dev.recsys.ingestion.source.SourceFiles;
import dev.recsys.ingestion.tmdb.TmdbMovie.Name;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;

/**
 * Loads TMDB metadata in either public layout ({@link TmdbLayout}), streaming each file once: its rows go
 * through one COPY into a staging table (a row's lists as arrays), and {@link TmdbStaging} merges them into
 * {@code catalog.tmdb_*} and links catalog movies to them (through a links file's tmdbId, then through
 * the IMDb id). A bad row is a reject naming the file and line; the load goes on within the reject share.
 */
public final class TmdbLoader implements Loader {

    static final String MOVIES = "tmdbMovies";
    static final String KEYWORDS = "tmdbKeywords";
    static final String CREDITS = "tmdbCredits";
    static final String LINKS = "tmdbLinks";
    /** The crew a catalog keeps: who directs, writes and produces. */
    private static final Set<String> CREW_DEPARTMENTS = Set.of("Directing", "Writing", "Production");

    private final SourceFiles files;
    private final IngestionReport report;
    private final LongConsumer progress;
    private final List<TmdbLayout> layouts;
    /** Each file row's place in the load, so that the first of two rows with one id wins everywhere. */
    private int sequence;

    private TmdbLoader(SourceFiles files, IngestionReport report, LongConsumer progress, List<TmdbLayout> layouts) {
        this.files = files;
        this.report = report;
        this.progress = progress;
        this.layouts = layouts;
    }

    /** The loader of the TMDB layouts found in {@code files}; fails when there is none. */
    public static TmdbLoader of(SourceFiles files, IngestionReport report, LongConsumer progress) {
        List<TmdbLayout> layouts = Stream.of(TmdbLayout.values()).filter(l -> files.has(l.moviesFile)).toList();
        if (layouts.isEmpty()) {
            throw new IngestionException("no TMDB movies file in " + files.location() + ": expected "
                    + TmdbLayout.MOVIES_DATASET.moviesFile + " (The Movies Dataset, with credits.csv, keywords.csv and "
                    + "links.csv if you have them) or " + TmdbLayout.TMDB_5000.moviesFile + " (TMDB 5000, with "
                    + TmdbLayout.TMDB_5000.creditsFile + "); found: " + files.describe());
        }
        return new TmdbLoader(files, report, progress, layouts);
    }

    @Override
    public String description() {
        List<String> names = new ArrayList<>();
        for (TmdbLayout layout : layouts) {
            names.add(layout.moviesFile);
            optional(layout.creditsFile).ifPresent(f -> names.add(f.name()));
        }
        optional(TmdbLayout.KEYWORDS).ifPresent(f -> names.add(f.name()));
        linksFile().ifPresent(f -> names.add(f.name()));
        return "TMDB " + String.join(" + ", layouts.stream().map(l -> l.title).toList()) + " (" + String.join(", ", names) + ")";
    }

    @Override
    public List<String> fileNames() {
        List<String> names = new ArrayList<>(List.of(TmdbLayout.KEYWORDS));
        names.addAll(TmdbLayout.LINKS);
        for (TmdbLayout layout : layouts) {
            names.add(layout.moviesFile);
            names.add(layout.creditsFile);
        }
        return names;
    }

    @Override
    public void load(Connection connection) throws SQLException {
        // Every entity shows its counts, also when a load changes nothing.
        Stream.of(MOVIES, KEYWORDS, CREDITS, "tmdbCompanies", "tmdbCountries", "tmdbLanguages", "movies").forEach(report::counts);
        TmdbStaging staging = TmdbStaging.prepare(connection, report);
        for (TmdbLayout layout : layouts) {
            readMovies(layout, files.find(layout.moviesFile).orElseThrow(), staging);
        }
        progress.accept(0);
        staging.mergeMovies();
        if (layouts.contains(TmdbLayout.MOVIES_DATASET)) {
            Optional<SourceFile> keywords = optional(TmdbLayout.KEYWORDS);
            if (keywords.isPresent()) {
                readKeywords(keywords.get(), staging);
            }
        }
        progress.accept(0);
        staging.mergeNames(files);
        for (TmdbLayout layout : layouts) {
            Optional<SourceFile> credits = optional(layout.creditsFile);
            if (credits.isPresent()) {
                readCredits(layout, credits.get(), staging);
            }
        }
        progress.accept(0);
        staging.mergeCredits(files);
        Optional<SourceFile> links = linksFile();
        if (links.isPresent()) {
            readLinks(links.get(), staging);
        }
        progress.accept(0);
        staging.linkCatalogMovies();
    }

    /** One row of a TMDB CSV file, its cells by column name; throws {@link RowRejected} to reject it. */
    @FunctionalInterface
    private interface RowHandler {
        void accept(TmdbMovie.Cells cells, long line) throws SQLException;
    }

    /**
     * The one row loop of the TMDB files: checks the header has {@code columns}, hands every row of the header's
     * width to {@code handler}, and turns a {@link RowRejected} into a reject of {@code entity} with file and line.
     */
    private void forEachRow(SourceFile file, List<String> columns, String what, String entity, RowHandler handler)
            throws SQLException {
        try (CsvRows rows = CsvRows.open(file, progress)) {
            Map<String, Integer> positions = header(rows, columns, what);
            long read = 0;
            for (CSVRecord record = rows.nextNonBlank(); record != null; record = rows.nextNonBlank()) {
                read++;
                long line = rows.line();
                try {
                    checkWidth(record, positions);
                    CSVRecord row = record;
                    handler.accept(column -> cell(row, positions, column), line);
                } catch (RowRejected e) {
                    report.reject(entity, file.displayName(), line, e.getMessage());
                }
            }
            report.counts(entity).addRead(read);
        }
    }

    private void readMovies(TmdbLayout layout, SourceFile file, TmdbStaging staging) throws SQLException {
        Int2IntOpenHashMap firstLines = new Int2IntOpenHashMap();
        try (PgBinaryCopy copy = staging.moviesCopy()) {
            forEachRow(file, layout.movieColumns, layout.title, MOVIES, (cells, line) -> {
                TmdbMovie movie = TmdbMovie.read(layout, cells);
                checkFirst(firstLines, movie.tmdbId(), line);
                staging.movie(copy, movie, layout, file.name(), line, sequence++);
            });
            copy.finish();
        }
    }

    private void readKeywords(SourceFile file, TmdbStaging staging) throws SQLException {
        Int2IntOpenHashMap firstLines = new Int2IntOpenHashMap();
        try (PgBinaryCopy copy = staging.listsCopy()) {
            forEachRow(file, List.of("id", "keywords"), "The Movies Dataset's keywords", KEYWORDS, (cells, line) -> {
                int tmdbId = TmdbMovie.tmdbId(cells.get("id"));
                List<Name> keywords = TmdbMovie.names(TmdbLayout.MOVIES_DATASET, "keywords", cells.get("keywords"), "id");
                checkFirst(firstLines, tmdbId, line);
                staging.list(copy, tmdbId, "keyword", keywords, file.name(), line, sequence++);
            });
            copy.finish();
        }
    }

    private void readCredits(TmdbLayout layout, SourceFile file, TmdbStaging staging) throws SQLException {
        String idColumn = layout == TmdbLayout.TMDB_5000 ? "movie_id" : "id";
        Int2IntOpenHashMap firstLines = new Int2IntOpenHashMap();
        try (PgBinaryCopy copy = staging.creditsCopy()) {
            forEachRow(file, layout.creditColumns, layout.title + " credits", CREDITS, (cells, line) -> {
                int tmdbId = TmdbMovie.tmdbId(cells.get(idColumn));
                List<TmdbStaging.Credit> credits = credits(layout, cells.get("cast"), cells.get("crew"));
                checkFirst(firstLines, tmdbId, line);
                staging.credits(copy, tmdbId, credits, file.name(), line, sequence++);
            });
            copy.finish();
        }
    }

    /** The cast in billing order and the directing, writing and producing crew, in file order. */
    private static List<TmdbStaging.Credit> credits(TmdbLayout layout, String castCell, String crewCell) {
        List<TmdbStaging.Credit> credits = new ArrayList<>();
        for (Map<?, ?> entry : entries(layout, "cast", castCell)) {
            Integer personId = TmdbMovie.integer(entry.get("id"));
            String name = TmdbMovie.string(entry.get("name"));
            if (personId != null && name != null) {
                Integer order = TmdbMovie.integer(entry.get("order"));
                credits.add(new TmdbStaging.Credit("cast", personId, name, NameKey.of(name),
                        order == null ? null : Math.min(order, Short.MAX_VALUE), TmdbMovie.string(entry.get("character")),
                        null, null));
            }
        }
        for (Map<?, ?> entry : entries(layout, "crew", crewCell)) {
            Integer personId = TmdbMovie.integer(entry.get("id"));
            String name = TmdbMovie.string(entry.get("name"));
            String department = TmdbMovie.string(entry.get("department"));
            if (personId != null && name != null && CREW_DEPARTMENTS.contains(department)) {
                credits.add(new TmdbStaging.Credit("crew", personId, name, NameKey.of(name), null, null, department,
                        TmdbMovie.string(entry.get("job"))));
            }
        }
        if (credits.size() > Short.MAX_VALUE) {
            throw new RowRejected("more than " + Short.MAX_VALUE + " cast and crew entries");
        }
        return credits;
    }

    private static List<Map<?, ?>> entries(TmdbLayout layout, String column, String cell) {
        Object value = TmdbMovie.cell(layout, column, cell);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new RowRejected(column + " is not a list");
        }
        List<Map<?, ?>> entries = new ArrayList<>(list.size());
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?> fields)) {
                throw new RowRejected(column + " holds an entry that is not a dict");
            }
            entries.add(fields);
        }
        return entries;
    }

    /** MovieLens's movieId, imdbId, tmdbId: fills the tmdbId of catalog movies whose release had none. */
    private void readLinks(SourceFile file, TmdbStaging staging) throws SQLException {
        try (PgBinaryCopy copy = staging.linksCopy()) {
            forEachRow(file, List.of("movieId", "imdbId", "tmdbId"), "MovieLens links", LINKS, (cells, line) -> {
                int movieId = Fields.positiveId("movieId", cells.get("movieId"));
                String imdb = cells.get("imdbId").strip();
                String tmdb = cells.get("tmdbId").strip();
                staging.link(copy, movieId, imdb.isEmpty() ? null : Fields.positiveId("imdbId", imdb),
                        tmdb.isEmpty() ? null : Fields.positiveId("tmdbId", tmdb));
            });
            copy.finish();
        }
    }

    /** Column positions by name; every column the layout names must be there (others are ignored). */
    private static Map<String, Integer> header(CsvRows rows, List<String> expected, String what) {
        CSVRecord header = rows.next();
        if (header == null) {
            throw new IngestionException(rows.displayName() + " is empty");
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).replace("\uFEFF", "").strip(), i);
        }
        List<String> missing = expected.stream().filter(c -> !columns.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw rows.failure(1, "missing column" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + " of " + what + "'s header (" + String.join(",", expected) + ")");
        }
        columns.put("", header.size());   // the width every row must have
        return columns;
    }

    /** A row with more or fewer fields than the header: The Movies Dataset has a few whose columns are shifted. */
    private static void checkWidth(CSVRecord record, Map<String, Integer> columns) {
        int width = columns.get("");
        if (record.size() != width) {
            throw new RowRejected("expected " + width + " fields as in the header but found " + record.size()
                    + " (a row whose columns are shifted?)");
        }
    }

    private static String cell(CSVRecord record, Map<String, Integer> columns, String column) {
        Integer index = columns.get(column);
        return index == null ? "" : record.get(index);
    }

    /** The files repeat a few ids: the first row wins, the others are rejects that name it. */
    private static void checkFirst(Int2IntOpenHashMap firstLines, int tmdbId, long line) {
        int first = firstLines.putIfAbsent(tmdbId, (int) Math.min(Integer.MAX_VALUE, line));
        if (first != 0) {
            throw new RowRejected("id " + tmdbId + " again (first on line " + first + ", which is kept)");
        }
    }

    private Optional<SourceFile> optional(String name) {
        return files.find(name);
    }

    private Optional<SourceFile> linksFile() {
        return TmdbLayout.LINKS.stream().map(files::find).flatMap(Optional::stream).findFirst();
    }
}
