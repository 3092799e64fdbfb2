package dev.recsys.ingestion.movielens;

import dev.recsys.ingestion.load.DelimitedFields;
import dev.recsys.ingestion.load.Fields;
import dev.recsys.ingestion.load.IngestionException;
import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.load.Loader;
import dev.recsys.ingestion.load.PgBinaryCopy;
import dev.recsys.ingestion.load.RatingRules;
import dev.recsys.ingestion.load.RatingsWriter;
import dev.recsys.ingestion.load.RowLoop;
import dev.recsys.ingestion.load.RowLoop.Header;
import dev.recsys.ingestion.load.RowRejected;
import dev.recsys.ingestion.load.StagingTables;
import dev.recsys.ingestion.load.UserUpserts;
import dev.recsys.ingestion.load.UserUpserts.Demographics;
import dev.recsys.ingestion.source.SourceFile;
import dev.recsys.ingestion.source.SourceFiles;
import io.quarkus.logging.Log;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Loads a MovieLens release of any layout into the catalog: movies (with links), then ratings,
 * tags, the tag genome ({@link GenomeLoader}) and users. The layout's {@link LayoutReader} reads
 * the text rows; ratings are parsed from bytes and streamed into COPY.
 */
public final class MovieLensLoader implements Loader {

    private final MovieLensLayout layout;
    private final SourceFiles files;
    private final IngestionReport report;
    private final LongConsumer progress;
    private final IntSet userIds = new IntOpenHashSet();

    private MovieLensLoader(MovieLensLayout layout, SourceFiles files, IngestionReport report, LongConsumer progress) {
        this.layout = layout;
        this.files = files;
        this.report = report;
        this.progress = progress;
    }

    /** The loader for the release in {@code files}; fails when no MovieLens layout is recognised. */
    public static MovieLensLoader of(SourceFiles files, IngestionReport report, LongConsumer progress) {
        MovieLensLayout layout = MovieLensLayout.detect(files).orElseThrow(() -> new IngestionException(
                files.location() + " is no known MovieLens release: expected " + MovieLensLayout.expectedFiles()
                        + "; found: " + files.describe()));
        return new MovieLensLoader(layout, files, report, progress);
    }

    @Override
    public String description() {
        return layout.description();
    }

    @Override
    public List<String> fileNames() {
        return layout.fileNames();
    }

    @Override
    public void load(Connection connection) throws SQLException {
        Map<Integer, MovieRow> movies = file(layout.moviesFile) == null ? Map.of() : readMovies(file(layout.moviesFile));
        Map<Integer, MovieRow> links = file(layout.linksFile) == null ? Map.of() : readLinks(file(layout.linksFile));
        checkpoint();
        mergeMovies(connection, movies, links);
        checkpoint();
        IntSet knownMovies = MovieUpserts.movieIds(connection);
        if (file(layout.ratingsFile) != null) {
            loadRatings(connection, file(layout.ratingsFile), knownMovies);
            checkpoint();
        }
        if (file(layout.tagsFile) != null) {
            loadTags(connection, file(layout.tagsFile), knownMovies);
            checkpoint();
        }
        if (file(layout.genomeScoresFile) != null || file(layout.genomeTagsFile) != null) {
            new GenomeLoader(report, progress).load(connection, file(layout.genomeScoresFile),
                    file(layout.genomeTagsFile), knownMovies);
            checkpoint();
        }
        List<Demographics> demographics = file(layout.usersFile) == null ? List.of() : readUsers(file(layout.usersFile));
        checkpoint();
        if (!userIds.isEmpty() || !demographics.isEmpty()) {
            IntSet distinct = new IntOpenHashSet(userIds);
            demographics.forEach(d -> distinct.add(d.userId()));
            report.counts("users").addRead(distinct.size());
            StagingTables.count(report.counts("users"), UserUpserts.upsert(connection, userIds, demographics));
        }
    }

    /** Between phases: the progress callback throws {@code JobCancelledException} once a cancel was asked for. */
    private void checkpoint() {
        progress.accept(0);
    }

    private SourceFile file(String name) {
        return name == null ? null : files.find(name).orElse(null);
    }

    private void forEachRow(SourceFile file, String entity, String csvColumns, RowLoop.RowHandler handler)
            throws SQLException {
        Header header = layout.hasHeaders && csvColumns != null ? Header.columns(csvColumns) : Header.NONE;
        RowLoop.forEachRow(file, progress, header, layout.decoding, report, entity, handler);
    }

    private String unknownMovie(int movieId) {
        return "unknown movieId " + movieId + ": it is neither in " + layout.moviesFile + " nor in the catalog";
    }

    // ---- movies and links

    private Map<Integer, MovieRow> readMovies(SourceFile file) throws SQLException {
        Map<Integer, MovieRow> movies = new LinkedHashMap<>();
        Map<Integer, Long> firstLine = new HashMap<>();
        forEachRow(file, "movies", CsvReleaseReader.MOVIE_COLUMNS, row -> {
            MovieRow movie = layout.reader.movie(row.text());
            Long previous = firstLine.putIfAbsent(movie.movieId(), row.lineNumber());
            if (previous != null) {
                throw new RowRejected("duplicate movieId " + movie.movieId() + " (first on line " + previous + ")");
            }
            movies.put(movie.movieId(), movie);
        });
        return movies;
    }

    private Map<Integer, MovieRow> readLinks(SourceFile file) throws SQLException {
        CsvReleaseReader csv = (CsvReleaseReader) layout.reader;
        Map<Integer, MovieRow> links = new LinkedHashMap<>();
        forEachRow(file, "links", CsvReleaseReader.LINK_COLUMNS, row -> {
            MovieRow link = csv.link(row.text());
            if (links.putIfAbsent(link.movieId(), link) != null) {
                throw new RowRejected("duplicate movieId " + link.movieId());
            }
        });
        return links;
    }

    private void mergeMovies(Connection connection, Map<Integer, MovieRow> movies, Map<Integer, MovieRow> links)
            throws SQLException {
        List<MovieRow> linksForStoredMovies = new ArrayList<>();
        Map<Integer, MovieRow> merged = new LinkedHashMap<>(movies);
        links.forEach((movieId, link) -> {
            MovieRow movie = merged.get(movieId);
            if (movie != null) {
                merged.put(movieId, movie.withLinks(link.imdbId(), link.tmdbId()));
            } else {
                linksForStoredMovies.add(link);
            }
        });
        if (!merged.isEmpty()) {
            StagingTables.count(report.counts("movies"), MovieUpserts.upsert(connection, merged.values()));
        }
        if (!linksForStoredMovies.isEmpty()) {
            IntSet stored = MovieUpserts.movieIds(connection);
            List<MovieRow> applicable = new ArrayList<>();
            for (MovieRow link : linksForStoredMovies) {
                if (stored.contains(link.movieId())) {
                    applicable.add(link);
                } else {
                    report.reject("links", layout.linksFile, 0, unknownMovie(link.movieId()));
                }
            }
            report.counts("links").addUpdated(MovieUpserts.updateLinks(connection, applicable));
        }
    }

    // ---- ratings: the bulk of every release, parsed from bytes and streamed into COPY

    private void loadRatings(Connection connection, SourceFile file, IntSet knownMovies) throws SQLException {
        DelimitedFields fields = new DelimitedFields(layout.ratingSeparator, 4);
        // Keys of (user, movie) already seen, to reject duplicates within the file: ~10 bytes per rating.
        LongOpenHashSet seen = new LongOpenHashSet((int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, file.size() / 24)));
        long started = System.nanoTime();
        try (RatingsWriter writer = RatingsWriter.open(connection, true)) {
            forEachRow(file, "ratings", "userId,movieId,rating,timestamp", row -> {
                int count = fields.split(row.bytes(), row.start(), row.end());
                if (count != 4) {
                    throw new RowRejected("expected 4 fields (userId, movieId, rating, timestamp) but found " + count);
                }
                int userId = fields.positiveInt(0);
                if (userId < 0) {
                    throw new RowRejected("userId '" + fields.text(0) + "' is not a positive integer");
                }
                int movieId = fields.positiveInt(1);
                if (movieId < 0) {
                    throw new RowRejected("movieId '" + fields.text(1) + "' is not a positive integer");
                }
                double rating = fields.decimal(2);
                String problem = RatingRules.problemWith(rating);
                if (problem != null) {
                    throw new RowRejected(Double.isNaN(rating) ? "rating '" + fields.text(2) + "' is not a number" : problem);
                }
                long timestamp = fields.nonNegativeLong(3);
                if (timestamp < 0) {
                    throw new RowRejected("timestamp '" + fields.text(3) + "' is not a Unix time in seconds");
                }
                if (!knownMovies.contains(movieId)) {
                    throw new RowRejected(unknownMovie(movieId));
                }
                if (!seen.add((long) userId << 32 | movieId)) {
                    throw new RowRejected("duplicate rating of movie " + movieId + " by user " + userId);
                }
                writer.add(userId, movieId, (float) rating, timestamp);
                userIds.add(userId);
            });
            checkpoint();
            StagingTables.count(report.counts("ratings"), writer.finish());
        }
        Log.infof("Loaded %d ratings from %s in %.1f s", report.counts("ratings").snapshot().read(), file.displayName(),
                (System.nanoTime() - started) / 1e9);
    }

    // ---- tags

    private void loadTags(Connection connection, SourceFile file, IntSet knownMovies) throws SQLException {
        StagingTables.prepare(connection, "tags_incoming",
                "user_id integer, movie_id integer, tag text, tagged_at timestamptz");
        try (PgBinaryCopy copy = PgBinaryCopy.start(connection, "tags_incoming",
                "user_id, movie_id, tag, tagged_at")) {
            forEachRow(file, "tags", CsvReleaseReader.TAG_COLUMNS, row -> {
                List<String> fields = layout.reader.tagFields(row.text());
                int userId = Fields.positiveId("userId", fields.get(0));
                int movieId = Fields.positiveId("movieId", fields.get(1));
                String tag = fields.get(2).strip();
                long timestamp = Fields.unixTime("timestamp", fields.get(3));
                if (tag.isEmpty()) {
                    throw new RowRejected("tag is empty");
                }
                if (!knownMovies.contains(movieId)) {
                    throw new RowRejected(unknownMovie(movieId));
                }
                copy.startRow(4);
                copy.int4(userId);
                copy.int4(movieId);
                copy.text(tag);
                copy.timestamptz(timestamp);
                userIds.add(userId);
            });
            copy.finish();
        }
        // The same tag applied twice to one movie by one user is stored once (the latest).
        StagingTables.count(report.counts("tags"), StagingTables.merge(connection, """
                INSERT INTO catalog.tags AS t (user_id, movie_id, tag, tagged_at)
                SELECT DISTINCT ON (user_id, movie_id, tag) user_id, movie_id, tag, tagged_at FROM tags_incoming
                ORDER BY user_id, movie_id, tag, tagged_at DESC
                ON CONFLICT (user_id, movie_id, tag) DO UPDATE SET tagged_at = EXCLUDED.tagged_at
                    WHERE t.tagged_at IS DISTINCT FROM EXCLUDED.tagged_at
                """));
    }

    // ---- users (ml-1m users.dat, ml-100k u.user)

    private List<Demographics> readUsers(SourceFile file) throws SQLException {
        List<Demographics> users = new ArrayList<>();
        forEachRow(file, "users", null, row -> users.add(layout.reader.user(row.text())));
        return users;
    }
}
