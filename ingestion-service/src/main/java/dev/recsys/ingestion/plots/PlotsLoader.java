package dev.recsys.ingestion.plots;

import dev.recsys.ingestion.load.CsvRows;
import dev.recsys.ingestion.load.Fields;
import dev.recsys.ingestion.load.IngestionException;
import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.load.Loader;
import dev.recsys.ingestion.load.PgBinaryCopy;
import dev.recsys.ingestion.load.StagingTables;
import dev.recsys.ingestion.source.SourceFile;
import dev.recsys.ingestion.source.SourceFiles;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntList;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import org.apache.commons.csv.CSVRecord;

/**
 * Loads plots into {@code catalog.movie_plots} from a CSV with the header {@code movieId,plot} or
 * {@code imdbId,plot} (imdbId as {@code tt0114709} or {@code 114709}); plots may be quoted and span
 * lines. A plot for a movie the catalog does not have is a reject; a wrong header, id, field count,
 * an empty, over-long or repeated plot fails the load, naming the file and line.
 */
public final class PlotsLoader implements Loader {

    public static final String FILE = "plots.csv";
    /** Far more than any synopsis; the text keeps its first ~800 characters anyway. */
    public static final int MAX_PLOT_CHARACTERS = 10_000;
    static final String BY_MOVIE_ID = "movieId,plot";
    static final String BY_IMDB_ID = "imdbId,plot";

    private final SourceFile file;
    private final IngestionReport report;
    private final LongConsumer progress;

    private PlotsLoader(SourceFile file, IngestionReport report, LongConsumer progress) {
        this.file = file;
        this.report = report;
        this.progress = progress;
    }

    /** The loader of {@code plots.csv}, or of the one file the location names. */
    public static PlotsLoader of(SourceFiles files, IngestionReport report, LongConsumer progress) {
        SourceFile file = files.find(FILE).orElseGet(() -> files.names().size() == 1
                ? files.find(files.names().iterator().next()).orElseThrow() : null);
        if (file == null) {
            throw new IngestionException("no plots file in " + files.location() + ": expected " + FILE
                    + " (or a location naming one CSV file) with the header '" + BY_MOVIE_ID + "' or '" + BY_IMDB_ID
                    + "'; found: " + files.describe());
        }
        return new PlotsLoader(file, report, progress);
    }

    @Override
    public String description() {
        return "plots CSV (" + file.name() + ")";
    }

    @Override
    public List<String> fileNames() {
        return List.of(file.name());
    }

    @Override
    public void load(Connection connection) throws SQLException {
        Catalog catalog = Catalog.read(connection);
        StagingTables.prepare(connection, "plots_incoming", "movie_id integer, plot text");
        try (PgBinaryCopy copy = PgBinaryCopy.start(connection, "plots_incoming", "movie_id, plot");
             CsvRows rows = CsvRows.open(file, progress)) {
            CSVRecord header = rows.next();
            if (header == null) {
                throw new IngestionException(file.displayName() + " is empty");
            }
            boolean byImdbId = byImdbId(header);
            Int2IntOpenHashMap firstLines = new Int2IntOpenHashMap();
            long read = 0;
            for (CSVRecord record = rows.nextNonBlank(); record != null; record = rows.nextNonBlank()) {
                long line = rows.line();
                read++;
                PlotRow row = row(record, byImdbId, line, firstLines);
                IntList movieIds = byImdbId ? catalog.byImdbId.get(row.id) : catalog.movieIds(row.id);
                if (movieIds == null) {
                    report.reject("plots", file.displayName(), line, byImdbId
                            ? "imdbId tt" + String.format(Locale.ROOT, "%07d", row.id) + " is not in the catalog"
                            : "unknown movieId " + row.id + ": it is not in the catalog");
                    continue;
                }
                for (int movieId : movieIds) {
                    copy.startRow(2);
                    copy.int4(movieId);
                    copy.text(row.plot);
                }
            }
            report.counts("plots").addRead(read);
            copy.finish();
        }
        progress.accept(0);
        StagingTables.count(report.counts("plots"), StagingTables.merge(connection, """
                INSERT INTO catalog.movie_plots AS p (movie_id, plot)
                SELECT movie_id, plot FROM plots_incoming
                ON CONFLICT (movie_id) DO UPDATE SET plot = EXCLUDED.plot, updated_at = now()
                    WHERE p.plot IS DISTINCT FROM EXCLUDED.plot
                """));
    }

    private record PlotRow(int id, String plot) {
    }

    private boolean byImdbId(CSVRecord header) {
        String found = String.join(",", header.toList()).replace("\uFEFF", "").strip();
        if (found.replace(" ", "").equalsIgnoreCase(BY_MOVIE_ID)) {
            return false;
        }
        if (found.replace(" ", "").equalsIgnoreCase(BY_IMDB_ID)) {
            return true;
        }
        throw failure(1, "expected the header '" + BY_MOVIE_ID + "' or '" + BY_IMDB_ID + "' but found '"
                + Fields.abbreviate(found) + "'");
    }

    private PlotRow row(CSVRecord record, boolean byImdbId, long line, Int2IntOpenHashMap firstLines) {
        String column = byImdbId ? "imdbId" : "movieId";
        if (record.size() != 2) {
            throw failure(line, "expected 2 fields (" + column + ", plot) but found " + record.size());
        }
        int id = byImdbId ? imdbId(record.get(0), line) : movieId(record.get(0), line);
        String plot = record.get(1).strip();
        if (plot.isEmpty()) {
            throw failure(line, "plot is empty");
        }
        if (plot.length() > MAX_PLOT_CHARACTERS) {
            throw failure(line, String.format(Locale.ROOT, "plot has %,d characters, more than the %,d allowed",
                    plot.length(), MAX_PLOT_CHARACTERS));
        }
        int first = firstLines.putIfAbsent(id, (int) line);
        if (first != 0) {
            throw failure(line, "a second plot for " + column + " " + record.get(0).strip() + " (the first is on line "
                    + first + ")");
        }
        return new PlotRow(id, plot);
    }

    private int movieId(String value, long line) {
        try {
            int id = Integer.parseInt(value.strip());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw failure(line, "movieId '" + Fields.abbreviate(value.strip()) + "' is not a positive integer");
    }

    private int imdbId(String value, long line) {
        String v = value.strip();
        String digits = v.regionMatches(true, 0, "tt", 0, 2) ? v.substring(2) : v;
        try {
            int id = digits.chars().allMatch(Character::isDigit) ? Integer.parseInt(digits) : 0;
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw failure(line, "imdbId '" + Fields.abbreviate(v) + "' is not an IMDb title id (tt0114709 or 114709)");
    }

    private IngestionException failure(long line, String reason) {
        return new IngestionException(file.displayName() + " line " + line + ": " + reason);
    }

    /** The catalog's movie ids, and its movies by IMDb id (a few MovieLens movies share one). */
    private record Catalog(Int2ObjectOpenHashMap<IntList> byImdbId, Int2ObjectOpenHashMap<IntList> byMovieId) {

        static Catalog read(Connection connection) throws SQLException {
            Int2ObjectOpenHashMap<IntList> byImdbId = new Int2ObjectOpenHashMap<>();
            Int2ObjectOpenHashMap<IntList> byMovieId = new Int2ObjectOpenHashMap<>();
            try (Statement s = connection.createStatement();
                 ResultSet rows = s.executeQuery("SELECT movie_id, imdb_id FROM catalog.movies")) {
                while (rows.next()) {
                    int movieId = rows.getInt(1);
                    byMovieId.put(movieId, IntList.of(movieId));
                    int imdbId = rows.getInt(2);
                    if (!rows.wasNull()) {
                        byImdbId.computeIfAbsent(imdbId, k -> new IntArrayList()).add(movieId);
                    }
                }
            }
            return new Catalog(byImdbId, byMovieId);
        }

        IntList movieIds(int movieId) {
            return byMovieId.get(movieId);
        }
    }
}
