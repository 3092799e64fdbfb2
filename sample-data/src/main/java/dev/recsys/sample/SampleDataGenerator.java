package dev.recsys.sample;

import dev.recsys.sample.SampleWorld.Link;
import dev.recsys.sample.SampleWorld.Movie;
import dev.recsys.sample.SampleWorld.User;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a synthetic catalog in the exact layout of a MovieLens release (CSV, ml-1m, ml-10m or
 * ml-100k) plus IMDb TSV dumps for the same movies, or TMDB metadata in one of the two Kaggle
 * layouts ({@link #writeTmdb}). Deterministic: the same options give the same bytes.
 *
 * <pre>
 * java -jar sample-data.jar --out DIR [--preset small|ml-latest-small|ml-25m] [--seed 42]
 *      [--users N] [--movies N] [--ratings N] [--format csv|ml-1m|ml-10m|ml-100k]
 *      [--no-imdb] [--imdb-extra-titles N] [--crlf]
 *      [--imdb-for-links links.csv]   (only IMDb dumps, for the movies of an existing release)
 * java -jar sample-data.jar --out DIR --tmdb movies-dataset|tmdb-5000 [--seed 42] [--movies N]
 *      [--tmdb-only-movies 200] [--links links.csv]   (only TMDB files and their links.csv)
 *      [--preset tmdb-movies-dataset]   (The Movies Dataset's size: 45,466 movie rows, 9,742 linked)
 * </pre>
 */
public final class SampleDataGenerator {

    /** What to generate; {@link #parse} reads it from command-line flags. */
    public record Options(Path out, long seed, int users, int movies, long ratings, Format format,
                          boolean imdb, long imdbExtraTitles, boolean crlf, Path imdbForLinks) {

        public static Options small(Path out) {
            return new Options(out, 42, 300, 1_500, 40_000, Format.CSV, true, 200, false, null);
        }

        public Options withFormat(Format newFormat) {
            return new Options(out, seed, users, movies, ratings, newFormat, imdb, imdbExtraTitles, crlf, imdbForLinks);
        }

        public Options withSize(int newUsers, int newMovies, long newRatings) {
            return new Options(out, seed, newUsers, newMovies, newRatings, format, imdb, imdbExtraTitles, crlf, imdbForLinks);
        }

        public Options withCrlf(boolean newCrlf) {
            return new Options(out, seed, users, movies, ratings, format, imdb, imdbExtraTitles, newCrlf, imdbForLinks);
        }

        /** Only IMDb dumps, for the movies of an existing MovieLens {@code links.csv}. */
        public Options imdbOnlyFor(Path linksCsv) {
            return new Options(out, seed, users, movies, ratings, format, true, imdbExtraTitles, crlf, linksCsv);
        }
    }

    /** MovieLens release layouts. */
    public enum Format { CSV, ML_1M, ML_10M, ML_100K }

    /** What was written, for callers (tests, benchmarks) that check against it. */
    public record Summary(int movies, int users, long ratings, long tags, int people, long principalsRows) {
    }

    /** The two public TMDB layouts: The Movies Dataset (Python-literal lists) and TMDB 5000 (JSON lists). */
    public enum TmdbLayout { MOVIES_DATASET, TMDB_5000 }

    /**
     * What {@link #writeTmdb} wrote. {@code movies}: distinct, well-formed movies (one credits row each);
     * {@code linkedMovies}: those whose id is a tmdbId in links.csv; {@code movieRows}: data rows of the
     * movies file, shifted and duplicate rows included. Line numbers are physical lines of the movies
     * file where a record starts (the header is line 1; quoted overviews may span lines).
     * {@code duplicateIds.get(i)} is repeated at {@code duplicateLines.get(i)}. {@code keywordsRows} is 0
     * for TMDB 5000, whose keywords are a column of the movies file.
     */
    public record TmdbSummary(TmdbLayout layout, int movies, int linkedMovies, int movieRows, List<Integer> shiftedLines,
                              List<Integer> duplicateIds, List<Integer> duplicateLines, int creditsRows,
                              int keywordsRows, int linksRows) {
    }

    private static final int MIN_RATINGS_PER_USER = 20;
    private static final long FIRST_TIMESTAMP = 825_000_000L;   // March 1996, like the first MovieLens ratings
    private static final String[] ML_100K_GENRES = {
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
        "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
        "War", "Western"
    };
    private static final String[] OCCUPATIONS = {
        "administrator", "artist", "doctor", "educator", "engineer", "entertainment", "executive",
        "healthcare", "homemaker", "lawyer", "librarian", "marketing", "none", "other", "programmer",
        "retired", "salesman", "scientist", "student", "technician", "writer"
    };
    private static final int[] ML_1M_AGES = {1, 18, 25, 35, 45, 50, 56};

    private final Options options;
    private final SampleWorld world;
    private final String newline;

    public SampleDataGenerator(Options options) {
        this.options = options;
        this.world = options.imdbForLinks() == null
                ? new SampleWorld(options.seed(), options.movies(), options.users())
                : worldFor(options.imdbForLinks(), options.seed(), options.users());
        this.newline = options.crlf() ? "\r\n" : "\n";
    }

    /** A world with one movie per row of an existing links.csv, carrying that row's ids. */
    private static SampleWorld worldFor(Path linksCsv, long seed, int users) {
        List<Link> links = readLinks(linksCsv);
        SampleWorld world = new SampleWorld(seed, links.size(), users);
        world.useLinks(links);
        return world;
    }

    /** Rows of a MovieLens links.csv that have an IMDb id. */
    private static List<Link> readLinks(Path linksCsv) {
        try (var lines = Files.lines(linksCsv, StandardCharsets.UTF_8)) {
            return lines.skip(1).map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.split(",", -1))
                    .filter(f -> !f[1].isEmpty())
                    .map(f -> new Link(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                            f.length < 3 || f[2].isEmpty() ? null : Integer.valueOf(f[2])))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + linksCsv, e);
        }
    }

    /**
     * Writes TMDB metadata in {@code layout} into {@code out}, plus the MovieLens {@code links.csv} that
     * joins it (the same bytes as the links.csv of the MovieLens sample with this seed and movie count).
     * Every movie of {@code new SampleWorld(seed, movies, ...)} that has a tmdbId is a TMDB movie with that
     * id, its title (TMDB style: "The Harbor" for "Harbor, The"), year, IMDb id, genres, director, writers
     * and cast; TMDB person id = nconst + 1,000,000. Then come {@code tmdbOnlyMovies} movies that no
     * MovieLens movie links to, with higher TMDB and IMDb ids, and generated people with ids from 100,000.
     */
    public static TmdbSummary writeTmdb(Path out, TmdbLayout layout, long seed, int movies, int tmdbOnlyMovies)
            throws IOException {
        return new TmdbFilesWriter(out, layout, seed, new SampleWorld(seed, movies, 1).movies, tmdbOnlyMovies).write();
    }

    /** As {@link #writeTmdb(Path, TmdbLayout, long, int, int)}, for the movies and ids of an existing links.csv. */
    public static TmdbSummary writeTmdb(Path out, TmdbLayout layout, long seed, Path linksCsv, int tmdbOnlyMovies)
            throws IOException {
        return new TmdbFilesWriter(out, layout, seed, worldFor(linksCsv, seed, 1).movies, tmdbOnlyMovies).write();
    }

    public static void main(String[] args) throws IOException {
        CommandLine command = CommandLine.parse(args);
        Options options = command.options();
        long started = System.nanoTime();
        if (command.tmdb() != null) {
            writeTmdbFiles(command, started);
            return;
        }
        Summary summary = new SampleDataGenerator(options).write();
        System.out.printf(Locale.ROOT, "Wrote %s sample (%d movies, %d users, %d ratings, %d tags, %d people, "
                        + "%d principals rows) to %s in %.1f s%n", options.format().name().toLowerCase(Locale.ROOT),
                summary.movies(), summary.users(), summary.ratings(), summary.tags(), summary.people(),
                summary.principalsRows(), options.out(), (System.nanoTime() - started) / 1e9);
    }

    private static void writeTmdbFiles(CommandLine command, long started) throws IOException {
        Options o = command.options();
        List<Movie> world = command.tmdbLinks() == null ? new SampleWorld(o.seed(), o.movies(), 1).movies
                : worldFor(command.tmdbLinks(), o.seed(), 1).movies;
        int tmdbOnly = command.tmdbRows() > 0
                ? TmdbFilesWriter.tmdbOnlyForRows(TmdbFilesWriter.linkedMovies(world), command.tmdbRows())
                : command.tmdbOnlyMovies();
        TmdbSummary s = new TmdbFilesWriter(o.out(), command.tmdb(), o.seed(), world, tmdbOnly).write();
        System.out.printf(Locale.ROOT, "Wrote %s TMDB files (%d movies, %d linked, %d movie rows with %d shifted and "
                        + "%d duplicate, %d credits rows, %d keywords rows, %d links) to %s in %.1f s%n",
                command.tmdb().name().toLowerCase(Locale.ROOT).replace('_', '-'), s.movies(), s.linkedMovies(),
                s.movieRows(), s.shiftedLines().size(), s.duplicateLines().size(), s.creditsRows(), s.keywordsRows(),
                s.linksRows(), o.out(), (System.nanoTime() - started) / 1e9);
    }

    public Summary write() throws IOException {
        Files.createDirectories(options.out());
        if (options.imdbForLinks() != null) {
            long principals = new ImdbDumpWriter(world, options).write();
            return new Summary(world.movies.size(), 0, 0, 0, world.people.size(), principals);
        }
        writeMovies();
        long[] ratingsAndTags = writeRatingsAndTags();
        if (options.format() == Format.ML_1M || options.format() == Format.ML_100K) {
            writeUsers();
        }
        long principals = options.imdb() && options.format() == Format.CSV ? new ImdbDumpWriter(world, options).write() : 0;
        return new Summary(world.movies.size(), options.users(), ratingsAndTags[0], ratingsAndTags[1],
                world.people.size(), principals);
    }

    private void writeMovies() throws IOException {
        switch (options.format()) {
            case CSV -> {
                try (Writer movies = writer("movies.csv", StandardCharsets.UTF_8);
                     Writer links = writer("links.csv", StandardCharsets.UTF_8)) {
                    line(movies, "movieId,title,genres");
                    line(links, "movieId,imdbId,tmdbId");
                    for (Movie m : world.movies) {
                        line(movies, m.movieId() + "," + csv(m.title() + " (" + m.year() + ")") + "," + m.genreNames("|"));
                        line(links, linksLine(m));
                    }
                }
            }
            case ML_1M, ML_10M -> {
                // ml-1m is ISO-8859-1; ml-10m was re-encoded as UTF-8.
                Charset charset = options.format() == Format.ML_1M ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
                try (Writer movies = writer("movies.dat", charset)) {
                    for (Movie m : world.movies) {
                        String genres = m.genres().length == 0 ? "Drama" : m.genreNames("|").replace("Children", "Children's");
                        line(movies, m.movieId() + "::" + m.title() + " (" + m.year() + ")::" + genres);
                    }
                }
            }
            case ML_100K -> {
                try (Writer items = writer("u.item", StandardCharsets.ISO_8859_1)) {
                    for (int i = 0; i < world.movies.size(); i++) {
                        Movie m = world.movies.get(i);
                        String title = m.title() + " (" + m.year() + ")";
                        StringBuilder b = new StringBuilder();
                        b.append(i + 1).append('|').append(title).append('|').append("01-Jan-").append(m.year())
                                .append("||http://us.imdb.com/M/title-exact?").append(title.replace(' ', '+'));
                        List<String> names = Arrays.stream(m.genres()).mapToObj(g -> SampleWorld.GENRES[g]
                                .replace("Children", "Children's")).toList();
                        for (String genre : ML_100K_GENRES) {
                            boolean flag = names.contains(genre) || (genre.equals("unknown") && names.isEmpty());
                            b.append('|').append(flag ? '1' : '0');
                        }
                        line(items, b.toString());
                    }
                }
            }
        }
    }

    private long[] writeRatingsAndTags() throws IOException {
        String ratingsFile = switch (options.format()) {
            case CSV -> "ratings.csv";
            case ML_1M, ML_10M -> "ratings.dat";
            case ML_100K -> "u.data";
        };
        String tagsFile = switch (options.format()) {
            case CSV -> "tags.csv";
            case ML_10M -> "tags.dat";
            default -> null;
        };
        double meanPerUser = Math.max(MIN_RATINGS_PER_USER, (double) options.ratings() / options.users());
        int maxPerUser = Math.max(MIN_RATINGS_PER_USER, world.movies.size() / 2);
        int[] seenBy = new int[world.movies.size()];
        long ratings = 0;
        long tags = 0;
        try (Writer out = writer(ratingsFile, StandardCharsets.UTF_8);
             Writer tagOut = tagsFile == null ? Writer.nullWriter() : writer(tagsFile, StandardCharsets.UTF_8)) {
            if (options.format() == Format.CSV) {
                line(out, "userId,movieId,rating,timestamp");
                line(tagOut, "userId,movieId,tag,timestamp");
            }
            StringBuilder row = new StringBuilder(64);
            for (int u = 0; u < options.users(); u++) {
                User user = world.user(u);
                SplittableRandom random = user.random();
                // Heavy-tailed activity like MovieLens: most users rate a few dozen movies, some thousands.
                int count = (int) Math.min(maxPerUser, Math.max(MIN_RATINGS_PER_USER,
                        Math.round(meanPerUser * Math.exp(0.9 * random.nextGaussian() - 0.405))));
                int[] chosen = chooseMovies(user, count, seenBy, u + 1);
                long start = FIRST_TIMESTAMP + (long) (random.nextDouble() * 800_000_000L);
                long span = 3_600L + (long) (random.nextDouble() * 60_000_000L);
                boolean tagger = u % 8 == 3;
                for (int index : chosen) {
                    Movie movie = world.movies.get(index);
                    double noisy = world.expectedRating(user, movie) + 0.45 * random.nextGaussian();
                    long timestamp = start + (long) (random.nextDouble() * span);
                    row.setLength(0);
                    appendRating(row, user.userId(), movieIdInFiles(index), noisy, timestamp);
                    line(out, row.toString());
                    ratings++;
                    if (tagger && tagsFile != null && random.nextInt(10) == 0) {
                        String tag = tagFor(movie, random);
                        line(tagOut, options.format() == Format.CSV
                                ? user.userId() + "," + movie.movieId() + "," + csv(tag) + "," + timestamp
                                : user.userId() + "::" + movie.movieId() + "::" + tag + "::" + timestamp);
                        tags++;
                    }
                }
            }
        }
        return new long[] {ratings, tags};
    }

    /** Picks distinct movies: drawn by popularity, kept more often when the user would like them. */
    private int[] chooseMovies(User user, int count, int[] seenBy, int stamp) {
        SplittableRandom random = user.random();
        int[] chosen = new int[count];
        int found = 0;
        int attempts = 0;
        while (found < count && attempts < count * 200) {
            attempts++;
            int index = world.drawMovie(random);
            if (seenBy[index] == stamp) {
                continue;
            }
            Movie movie = world.movies.get(index);
            double affinity = SampleWorld.dot(user.vector(), movie.vector()) + movie.bias();
            if (random.nextDouble() < 1 / (1 + Math.exp(-3 * affinity))) {
                seenBy[index] = stamp;
                chosen[found++] = index;
            }
        }
        int[] result = Arrays.copyOf(chosen, found);
        // MovieLens files list each user's ratings by movie id.
        Arrays.sort(result);
        return result;
    }

    /** ml-100k numbers its movies 1..n; the other releases keep the sparse MovieLens ids. */
    private int movieIdInFiles(int index) {
        return options.format() == Format.ML_100K ? index + 1 : world.movies.get(index).movieId();
    }

    private void appendRating(StringBuilder row, int userId, int movieId, double rating, long timestamp) {
        String separator = switch (options.format()) {
            case CSV -> ",";
            case ML_1M, ML_10M -> "::";
            case ML_100K -> "\t";
        };
        row.append(userId).append(separator).append(movieId).append(separator);
        if (options.format() == Format.ML_1M || options.format() == Format.ML_100K) {
            row.append(Math.max(1, Math.min(5, Math.round(rating))));
        } else {
            row.append(Math.max(0.5, Math.min(5.0, Math.round(rating * 2) / 2.0)));
        }
        row.append(separator).append(timestamp);
    }

    private void writeUsers() throws IOException {
        boolean ml1m = options.format() == Format.ML_1M;
        try (Writer out = writer(ml1m ? "users.dat" : "u.user", StandardCharsets.UTF_8)) {
            for (int u = 0; u < options.users(); u++) {
                SplittableRandom random = new SplittableRandom(options.seed() * 31 + u);
                String gender = random.nextBoolean() ? "F" : "M";
                String zip = String.format(Locale.ROOT, "%05d", random.nextInt(100_000));
                if (ml1m) {
                    int age = ML_1M_AGES[random.nextInt(ML_1M_AGES.length)];
                    line(out, (u + 1) + "::" + gender + "::" + age + "::" + random.nextInt(21) + "::" + zip);
                } else {
                    int age = 15 + random.nextInt(55);
                    line(out, (u + 1) + "|" + age + "|" + gender + "|" + OCCUPATIONS[random.nextInt(OCCUPATIONS.length)] + "|" + zip);
                }
            }
        }
    }

    private static String tagFor(Movie movie, SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> movie.director().name();
            case 1 -> movie.genres().length == 0 ? "odd" : SampleWorld.GENRES[movie.genres()[0]].toLowerCase(Locale.ROOT);
            default -> movie.bias() > 0.2 ? "must see" : "slow, but fine";
        };
    }

    static String linksLine(Movie m) {
        return m.movieId() + "," + String.format(Locale.ROOT, "%07d", m.imdbId()) + "," + (m.tmdbId() == null ? "" : m.tmdbId());
    }

    /** RFC 4180 quoting, only where needed (as MovieLens does). */
    static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private void line(Writer writer, String text) throws IOException {
        writer.write(text);
        writer.write(newline);
    }

    private Writer writer(String name, Charset charset) throws IOException {
        OutputStream out = Files.newOutputStream(options.out().resolve(name));
        return new BufferedWriter(new OutputStreamWriter(out, charset), 1 << 16);
    }
}
