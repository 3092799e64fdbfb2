package dev.recsys.ingestion.movielens;

import dev.recsys.ingestion.load.DelimitedFields;
import dev.recsys.ingestion.load.IngestionException;
import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.load.LineReader;
import dev.recsys.ingestion.load.PgBinaryCopy;
import dev.recsys.ingestion.load.RatingRules;
import dev.recsys.ingestion.load.RatingsWriter;
import dev.recsys.ingestion.load.StagingTables;
import dev.recsys.ingestion.load.UserUpserts;
import dev.recsys.ingestion.load.UserUpserts.Demographics;
import dev.recsys.ingestion.source.SourceFile;
import dev.recsys.ingestion.source.SourceFiles;
import io.quarkus.logging.Log;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Loads a MovieLens release of any layout into the catalog, inside the caller's transaction:
 * movies (with links), then ratings, tags and users. Rows that are wrong are rejected one by one
 * with file, line and reason; a file that is unusable as a whole throws {@link IngestionException}
 * and the caller rolls everything back.
 */
public final class MovieLensLoader {

    private static final CSVFormat CSV = CSVFormat.RFC4180;
    private static final String[] ML_100K_GENRES = {
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
        "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"
    };
    private static final String[] ML_1M_OCCUPATIONS = {
        "other", "academic/educator", "artist", "clerical/admin", "college/grad student", "customer service",
        "doctor/health care", "executive/managerial", "farmer", "homemaker", "K-12 student", "lawyer", "programmer",
        "retired", "sales/marketing", "scientist", "self-employed", "technician/engineer", "tradesman/craftsman",
        "unemployed", "writer"
    };

    private final MovieLensLayout layout;
    private final SourceFiles files;
    private final IngestionReport report;
    private final LongConsumer progress;
    private final IntSet userIds = new IntOpenHashSet();

    public MovieLensLoader(MovieLensLayout layout, SourceFiles files, IngestionReport report, LongConsumer progress) {
        this.layout = layout;
        this.files = files;
        this.report = report;
        this.progress = progress;
    }

    public void load(Connection connection) throws SQLException {
        Map<Integer, MovieRow> movies = file(layout.moviesFile) == null ? Map.of() : readMovies(file(layout.moviesFile));
        Map<Integer, MovieRow> links = file(layout.linksFile) == null ? Map.of() : readLinks(file(layout.linksFile));
        mergeMovies(connection, movies, links);
        IntSet knownMovies = MovieUpserts.movieIds(connection);
        if (file(layout.ratingsFile) != null) {
            loadRatings(connection, file(layout.ratingsFile), knownMovies);
        }
        if (file(layout.tagsFile) != null) {
            loadTags(connection, file(layout.tagsFile), knownMovies);
        }
        List<Demographics> demographics = file(layout.usersFile) == null ? List.of() : readUsers(file(layout.usersFile));
        if (!userIds.isEmpty() || !demographics.isEmpty()) {
            IntSet distinct = new IntOpenHashSet(userIds);
            demographics.forEach(d -> distinct.add(d.userId()));
            report.counts("users").addRead(distinct.size());
            StagingTables.count(report.counts("users"), UserUpserts.upsert(connection, userIds, demographics));
        }
    }

    private SourceFile file(String name) {
        return name == null ? null : files.find(name).orElse(null);
    }

    // ---- movies and links

    private Map<Integer, MovieRow> readMovies(SourceFile file) {
        Map<Integer, MovieRow> movies = new LinkedHashMap<>();
        Map<Integer, Long> firstLine = new HashMap<>();
        forEachTextLine(file, "movies", "movieId,title,genres", (line, text) -> {
            MovieRow movie = switch (layout) {
                case CSV -> parseCsvMovie(csvFields(text, 3, "movieId,title,genres"));
                case ML_1M, ML_10M -> parseDatMovie(text);
                case ML_100K -> parse100kMovie(text);
            };
            Long previous = firstLine.putIfAbsent(movie.movieId(), line);
            if (previous != null) {
                throw new RowException("duplicate movieId " + movie.movieId() + " (first on line " + previous + ")");
            }
            movies.put(movie.movieId(), movie);
        });
        return movies;
    }

    private MovieRow parseCsvMovie(List<String> fields) {
        int movieId = positiveId("movieId", fields.get(0));
        MovieTitles.TitleAndYear title = requireTitle(fields.get(1));
        String genres = fields.get(2).strip();
        List<String> genreList = genres.isEmpty() || genres.equals("(no genres listed)")
                ? List.of() : List.of(genres.split("\\|"));
        return new MovieRow(movieId, title.title(), title.year(), genreList, null, null);
    }

    private MovieRow parseDatMovie(String text) {
        int first = text.indexOf("::");
        int last = text.lastIndexOf("::");
        if (first < 0 || first == last) {
            throw new RowException("expected 3 fields separated by '::' (MovieID::Title::Genres)");
        }
        int movieId = positiveId("MovieID", text.substring(0, first));
        MovieTitles.TitleAndYear title = requireTitle(text.substring(first + 2, last));
        String genres = text.substring(last + 2).strip();
        List<String> genreList = genres.isEmpty() || genres.equals("(no genres listed)")
                ? List.of() : List.of(genres.split("\\|"));
        return new MovieRow(movieId, title.title(), title.year(), genreList, null, null);
    }

    private MovieRow parse100kMovie(String text) {
        String[] fields = text.split("\\|", -1);
        if (fields.length != 5 + ML_100K_GENRES.length) {
            throw new RowException("expected " + (5 + ML_100K_GENRES.length) + " fields separated by '|' but found "
                    + fields.length);
        }
        int movieId = positiveId("movie id", fields[0]);
        MovieTitles.TitleAndYear title = requireTitle(fields[1]);
        Integer year = title.year();
        if (year == null && fields[2].matches("\\d{2}-[A-Za-z]{3}-\\d{4}")) {
            year = Integer.valueOf(fields[2].substring(7));
        }
        List<String> genres = new ArrayList<>();
        for (int g = 0; g < ML_100K_GENRES.length; g++) {
            String flag = fields[5 + g].strip();
            if (!flag.equals("0") && !flag.equals("1")) {
                throw new RowException("genre flag " + ML_100K_GENRES[g] + " is '" + flag + "', expected 0 or 1");
            }
            if (flag.equals("1") && g > 0) {
                genres.add(ML_100K_GENRES[g]);
            }
        }
        return new MovieRow(movieId, title.title(), year, genres, null, null);
    }

    private static MovieTitles.TitleAndYear requireTitle(String raw) {
        if (raw.isBlank()) {
            throw new RowException("title is empty");
        }
        return MovieTitles.split(raw);
    }

    private Map<Integer, MovieRow> readLinks(SourceFile file) {
        Map<Integer, MovieRow> links = new LinkedHashMap<>();
        forEachTextLine(file, "links", "movieId,imdbId,tmdbId", (line, text) -> {
            List<String> fields = csvFields(text, 3, "movieId,imdbId,tmdbId");
            int movieId = positiveId("movieId", fields.get(0));
            Integer imdbId = fields.get(1).isBlank() ? null : positiveId("imdbId", fields.get(1));
            Integer tmdbId = fields.get(2).isBlank() ? null : positiveId("tmdbId", fields.get(2));
            if (links.put(movieId, new MovieRow(movieId, null, null, null, imdbId, tmdbId)) != null) {
                throw new RowException("duplicate movieId " + movieId);
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
                    report.reject("links", layout.linksFile, 0, "unknown movieId " + link.movieId()
                            + ": it is neither in " + layout.moviesFile + " nor in the catalog");
                }
            }
            report.counts("links").addUpdated(MovieUpserts.updateLinks(connection, applicable));
        }
    }

    // ---- ratings: the bulk of every release, parsed from bytes and streamed into COPY

    private void loadRatings(Connection connection, SourceFile file, IntSet knownMovies) throws SQLException {
        String entity = "ratings";
        DelimitedFields fields = new DelimitedFields(layout.ratingSeparator, 4);
        // Keys of (user, movie) already seen, to reject duplicates within the file: ~10 bytes per rating.
        LongOpenHashSet seen = new LongOpenHashSet((int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, file.size() / 24)));
        long read = 0;
        long started = System.nanoTime();
        try (LineReader lines = open(file); RatingsWriter writer = RatingsWriter.open(connection, true)) {
            if (!lines.next()) {
                throw new IngestionException(file.displayName() + " is empty");
            }
            if (layout.hasHeaders) {
                checkHeader(lines, "userId,movieId,rating,timestamp");
            }
            // Without a header, the line just read is the first rating.
            boolean first = !layout.hasHeaders;
            while (first || lines.next()) {
                first = false;
                if (lines.isBlank()) {
                    continue;
                }
                read++;
                int count = fields.split(lines.buffer(), lines.start(), lines.end());
                String problem = null;
                int userId = 0;
                int movieId = 0;
                double rating = 0;
                long timestamp = 0;
                if (count != 4) {
                    problem = "expected 4 fields (userId, movieId, rating, timestamp) but found " + count;
                } else if ((userId = fields.positiveInt(0)) < 0) {
                    problem = "userId '" + fields.text(0) + "' is not a positive integer";
                } else if ((movieId = fields.positiveInt(1)) < 0) {
                    problem = "movieId '" + fields.text(1) + "' is not a positive integer";
                } else if ((problem = RatingRules.problemWith(rating = fields.decimal(2))) != null) {
                    problem = Double.isNaN(rating) ? "rating '" + fields.text(2) + "' is not a number" : problem;
                } else if ((timestamp = fields.nonNegativeLong(3)) < 0) {
                    problem = "timestamp '" + fields.text(3) + "' is not a Unix time in seconds";
                } else if (!knownMovies.contains(movieId)) {
                    problem = "unknown movieId " + movieId + ": it is neither in " + layout.moviesFile + " nor in the catalog";
                } else if (!seen.add((long) userId << 32 | movieId)) {
                    problem = "duplicate rating of movie " + movieId + " by user " + userId;
                }
                if (problem != null) {
                    report.reject(entity, file.displayName(), lines.lineNumber(), problem);
                    continue;
                }
                writer.add(userId, movieId, (float) rating, timestamp);
                userIds.add(userId);
            }
            report.counts(entity).addRead(read);
            StagingTables.count(report.counts(entity), writer.finish());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Log.infof("Loaded %d ratings from %s in %.1f s", read, file.displayName(), (System.nanoTime() - started) / 1e9);
    }

    // ---- tags

    private void loadTags(Connection connection, SourceFile file, IntSet knownMovies) throws SQLException {
        StagingTables.prepare(connection, "tags_incoming",
                "user_id integer, movie_id integer, tag text, tagged_at timestamptz");
        try (PgBinaryCopy copy = PgBinaryCopy.start(connection, "tags_incoming",
                "user_id, movie_id, tag, tagged_at")) {
            forEachTextLine(file, "tags", "userId,movieId,tag,timestamp", (line, text) -> {
                List<String> fields = layout == MovieLensLayout.CSV
                        ? csvFields(text, 4, "userId,movieId,tag,timestamp") : datTagFields(text);
                int userId = positiveId("userId", fields.get(0));
                int movieId = positiveId("movieId", fields.get(1));
                String tag = fields.get(2).strip();
                long timestamp = unixTime(fields.get(3));
                if (tag.isEmpty()) {
                    throw new RowException("tag is empty");
                }
                if (!knownMovies.contains(movieId)) {
                    throw new RowException("unknown movieId " + movieId + ": it is neither in " + layout.moviesFile
                            + " nor in the catalog");
                }
                try {
                    copy.startRow(4);
                    copy.int4(userId);
                    copy.int4(movieId);
                    copy.text(tag);
                    copy.timestamptz(timestamp);
                } catch (SQLException e) {
                    throw new DatabaseFailure(e);
                }
                userIds.add(userId);
            });
            copy.finish();
        } catch (DatabaseFailure e) {
            throw e.sqlException();
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

    private static List<String> datTagFields(String text) {
        int first = text.indexOf("::");
        int second = first < 0 ? -1 : text.indexOf("::", first + 2);
        int last = text.lastIndexOf("::");
        if (second < 0 || last <= second) {
            throw new RowException("expected 4 fields separated by '::' (UserID::MovieID::Tag::Timestamp)");
        }
        return List.of(text.substring(0, first), text.substring(first + 2, second), text.substring(second + 2, last),
                text.substring(last + 2));
    }

    // ---- users (ml-1m users.dat, ml-100k u.user)

    private List<Demographics> readUsers(SourceFile file) {
        List<Demographics> users = new ArrayList<>();
        forEachTextLine(file, "users", null, (line, text) -> {
            if (layout == MovieLensLayout.ML_1M) {
                String[] f = text.split("::", -1);
                if (f.length != 5) {
                    throw new RowException("expected 5 fields (UserID::Gender::Age::Occupation::Zip-code) but found " + f.length);
                }
                int occupation = positiveOrZero("Occupation", f[3]);
                if (occupation >= ML_1M_OCCUPATIONS.length) {
                    throw new RowException("Occupation " + occupation + " is not an ml-1m occupation code (0-20)");
                }
                users.add(new Demographics(positiveId("UserID", f[0]), gender(f[1]), positiveOrZero("Age", f[2]),
                        ML_1M_OCCUPATIONS[occupation], f[4].strip()));
            } else {
                String[] f = text.split("\\|", -1);
                if (f.length != 5) {
                    throw new RowException("expected 5 fields (user id|age|gender|occupation|zip code) but found " + f.length);
                }
                users.add(new Demographics(positiveId("user id", f[0]), gender(f[2]), positiveOrZero("age", f[1]),
                        f[3].strip(), f[4].strip()));
            }
        });
        return users;
    }

    private static String gender(String value) {
        String g = value.strip().toUpperCase(Locale.ROOT);
        if (!g.equals("M") && !g.equals("F")) {
            throw new RowException("gender '" + value + "' is not M or F");
        }
        return g;
    }

    // ---- shared line handling

    @FunctionalInterface
    private interface LineHandler {
        void handle(long line, String text);
    }

    /** A row-level problem: the row is rejected, the ingestion goes on. */
    private static final class RowException extends RuntimeException {
        RowException(String message) {
            super(message, null, false, false);
        }
    }

    /** Carries a database failure out of a lambda; it fails the whole ingestion. */
    private static final class DatabaseFailure extends RuntimeException {
        DatabaseFailure(SQLException cause) {
            super(cause);
        }

        SQLException sqlException() {
            return (SQLException) getCause();
        }
    }

    private void forEachTextLine(SourceFile file, String entity, String csvHeader, LineHandler handler) {
        try (LineReader lines = open(file)) {
            if (!lines.next()) {
                throw new IngestionException(file.displayName() + " is empty");
            }
            boolean header = layout.hasHeaders && csvHeader != null;
            if (header) {
                checkHeader(lines, csvHeader);
            }
            boolean first = !header;
            while (first || lines.next()) {
                first = false;
                if (lines.isBlank()) {
                    continue;
                }
                report.counts(entity).addRead(1);
                String text;
                try {
                    text = lines.text();
                } catch (CharacterCodingException e) {
                    if (layout == MovieLensLayout.CSV) {
                        report.reject(entity, file.displayName(), lines.lineNumber(), "invalid UTF-8 byte sequence");
                        continue;
                    }
                    text = new String(lines.buffer(), lines.start(), lines.end() - lines.start(), StandardCharsets.ISO_8859_1);
                }
                try {
                    handler.handle(lines.lineNumber(), text);
                } catch (RowException e) {
                    report.reject(entity, file.displayName(), lines.lineNumber(), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LineReader open(SourceFile file) {
        try {
            return new LineReader(file.open(progress), file.displayName(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IngestionException("cannot open " + file.displayName() + ": " + e.getMessage(), e);
        }
    }

    private static void checkHeader(LineReader lines, String expected) {
        String found;
        try {
            found = lines.text().replace("\uFEFF", "").strip();
        } catch (CharacterCodingException e) {
            found = "(invalid UTF-8)";
        }
        if (!found.equalsIgnoreCase(expected)) {
            throw new IngestionException(lines.fileName() + " line 1: expected the header '" + expected
                    + "' but found '" + abbreviate(found) + "'");
        }
    }

    private static List<String> csvFields(String text, int expected, String columns) {
        List<String> fields;
        try (CSVParser parser = CSVParser.parse(text, CSV)) {
            List<CSVRecord> records = parser.getRecords();
            fields = records.isEmpty() ? List.of() : records.get(0).toList();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new RowException("malformed CSV (unbalanced quotes?)");
        }
        if (fields.size() != expected) {
            throw new RowException("expected " + expected + " fields (" + columns + ") but found " + fields.size());
        }
        return fields;
    }

    private static int positiveId(String field, String value) {
        String v = value.strip();
        try {
            int id = Integer.parseInt(v);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new RowException(field + " '" + abbreviate(v) + "' is not a positive integer");
    }

    private static int positiveOrZero(String field, String value) {
        String v = value.strip();
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new RowException(field + " '" + abbreviate(v) + "' is not a non-negative integer");
    }

    private static long unixTime(String value) {
        String v = value.strip();
        try {
            long t = Long.parseLong(v);
            if (t >= 0) {
                return t;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new RowException("timestamp '" + abbreviate(v) + "' is not a Unix time in seconds");
    }

    private static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
