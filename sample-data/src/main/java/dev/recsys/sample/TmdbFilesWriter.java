package dev.recsys.sample;

import dev.recsys.sample.SampleDataGenerator.TmdbLayout;
import dev.recsys.sample.SampleDataGenerator.TmdbSummary;
import dev.recsys.sample.SampleWorld.Movie;
import dev.recsys.sample.TmdbCatalog.Credits;
import dev.recsys.sample.TmdbCatalog.TmdbMovie;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes TMDB metadata for the sample world in one of the two Kaggle layouts, plus a MovieLens
 * {@code links.csv} (the same bytes as the MovieLens sample's) that joins them. RFC 4180 CSV, UTF-8,
 * {@code \n} line ends.
 *
 * <p>The Movies Dataset layout carries the real file's faults on purpose: three shifted rows (a
 * record cut short so that its release date sits in the {@code id} column and it has 15 fields),
 * about one duplicated movie row in a thousand, and keywords rows repeated for about 2% of the
 * movies. Their physical line numbers are in the {@link TmdbSummary}. TMDB 5000 has none of these.
 */
final class TmdbFilesWriter {

    private static final String MOVIES_DATASET_HEADER = "adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,"
            + "original_language,original_title,overview,popularity,poster_path,production_companies,"
            + "production_countries,release_date,revenue,runtime,spoken_languages,status,tagline,title,video,"
            + "vote_average,vote_count";
    private static final String TMDB_5000_HEADER = "budget,genres,homepage,id,keywords,original_language,original_title,"
            + "overview,popularity,production_companies,production_countries,release_date,revenue,runtime,"
            + "spoken_languages,status,tagline,title,vote_average,vote_count";
    /** The real keywords.csv has 46,419 rows for about 45,418 movies. */
    private static final double KEYWORD_REPEATS = 0.02204;
    private static final int SHIFTED_ROWS = 3;

    private final Path out;
    private final TmdbLayout layout;
    private final List<Movie> world;
    private final TmdbCatalog catalog;
    private final TmdbLiteral literal;

    TmdbFilesWriter(Path out, TmdbLayout layout, long seed, List<Movie> world, int tmdbOnlyMovies) {
        this.out = out;
        this.layout = layout;
        this.world = world;
        this.catalog = new TmdbCatalog(seed, world, tmdbOnlyMovies);
        this.literal = layout == TmdbLayout.MOVIES_DATASET ? TmdbLiteral.PYTHON : TmdbLiteral.JSON;
    }

    /** Duplicated movie rows: one in a thousand, at least two, like the real file's 30 in 45,466. */
    static int duplicateRows(int movies) {
        return movies == 0 ? 0 : Math.max(2, (int) Math.round(movies / 1000.0));
    }

    /** The TMDB-only movie count that makes a movies file of {@code rows} data rows, given the linked movies. */
    static int tmdbOnlyForRows(int linked, int rows) {
        int movies = Math.max(linked, rows - SHIFTED_ROWS - duplicateRows(rows));
        while (movies + duplicateRows(movies) + SHIFTED_ROWS < rows) {
            movies++;
        }
        while (movies > linked && movies + duplicateRows(movies) + SHIFTED_ROWS > rows) {
            movies--;
        }
        return movies - linked;
    }

    /** World movies with a TMDB id, each id counted once (as {@link TmdbCatalog} lists them). */
    static int linkedMovies(List<Movie> world) {
        return (int) world.stream().map(Movie::tmdbId).filter(Objects::nonNull).distinct().count();
    }

    TmdbSummary write() throws IOException {
        Files.createDirectories(out);
        int links = writeLinks();
        return layout == TmdbLayout.MOVIES_DATASET ? writeMoviesDataset(links) : writeTmdb5000(links);
    }

    private int writeLinks() throws IOException {
        try (CsvFile file = new CsvFile(out.resolve("links.csv"), "movieId,imdbId,tmdbId")) {
            for (Movie m : world) {
                file.writeLine(SampleDataGenerator.linksLine(m));
            }
            return file.rows;
        }
    }

    private TmdbSummary writeMoviesDataset(int links) throws IOException {
        List<TmdbMovie> movies = catalog.movies;
        int count = movies.size();
        int duplicates = duplicateRows(count);
        List<Integer> shiftedLines = new ArrayList<>();
        List<Integer> duplicateIds = new ArrayList<>();
        List<Integer> duplicateLines = new ArrayList<>();
        int movieRows;
        try (CsvFile file = new CsvFile(out.resolve("movies_metadata.csv"), MOVIES_DATASET_HEADER)) {
            List<String[]> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String[] row = moviesDatasetRow(movies.get(i));
                file.write(row);
                for (int d = 0; d < duplicates; d++) {
                    // The repeat comes a few rows later, so that only a loader that remembers ids catches it.
                    if (Math.min(count - 1, spread(d, duplicates, count) + 3) == i) {
                        pending.add(moviesDatasetRow(movies.get(spread(d, duplicates, count))));
                    }
                }
                for (String[] repeat : pending) {
                    duplicateIds.add(Integer.parseInt(repeat[5]));
                    duplicateLines.add(file.write(repeat));
                }
                pending.clear();
                for (int s = 1; s <= SHIFTED_ROWS; s++) {
                    if (Math.min(count - 1, s * count / (SHIFTED_ROWS + 1)) == i) {
                        shiftedLines.add(file.write(shiftedRow(catalog.broken.get(s - 1))));
                    }
                }
            }
            if (count == 0) {
                for (TmdbMovie broken : catalog.broken) {
                    shiftedLines.add(file.write(shiftedRow(broken)));
                }
            }
            movieRows = file.rows;
        }
        int creditsRows;
        try (CsvFile file = new CsvFile(out.resolve("credits.csv"), "cast,crew,id")) {
            StringBuilder cast = new StringBuilder(1 << 16);
            StringBuilder crew = new StringBuilder(1 << 16);
            for (TmdbMovie movie : movies) {
                credits(movie, cast, crew);
                file.write(cast.toString(), crew.toString(), Integer.toString(movie.id()));
            }
            creditsRows = file.rows;
        }
        int keywordsRows;
        try (CsvFile file = new CsvFile(out.resolve("keywords.csv"), "id,keywords")) {
            int repeats = count == 0 ? 0 : Math.max(2, (int) Math.round(count * KEYWORD_REPEATS));
            StringBuilder cell = new StringBuilder(256);
            for (int i = 0; i < count; i++) {
                file.write(Integer.toString(movies.get(i).id()), keywords(movies.get(i), cell));
                for (int d = 0; d < repeats; d++) {
                    if (Math.min(count - 1, spread(d, repeats, count) + 5) == i) {
                        TmdbMovie repeated = movies.get(spread(d, repeats, count));
                        file.write(Integer.toString(repeated.id()), keywords(repeated, cell));
                    }
                }
            }
            keywordsRows = file.rows;
        }
        return new TmdbSummary(layout, count, catalog.linked, movieRows, List.copyOf(shiftedLines),
                List.copyOf(duplicateIds), List.copyOf(duplicateLines), creditsRows, keywordsRows, links);
    }

    private TmdbSummary writeTmdb5000(int links) throws IOException {
        List<TmdbMovie> movies = catalog.movies;
        int movieRows;
        try (CsvFile file = new CsvFile(out.resolve("tmdb_5000_movies.csv"), TMDB_5000_HEADER)) {
            StringBuilder cell = new StringBuilder(256);
            for (TmdbMovie m : movies) {
                file.write(Long.toString(m.budget()), list(m.genres()), m.homepage(), Integer.toString(m.id()),
                        keywords(m, cell), m.language(), m.originalTitle(), m.overview(), popularity(m),
                        list(m.companies()), list(m.countries()), nullToEmpty(m.releaseDate()),
                        Long.toString(m.revenue()), runtime(m), list(m.spoken()), m.status(), m.tagline(), m.title(),
                        voteAverage(m), Integer.toString(m.voteCount()));
            }
            movieRows = file.rows;
        }
        int creditsRows;
        try (CsvFile file = new CsvFile(out.resolve("tmdb_5000_credits.csv"), "movie_id,title,cast,crew")) {
            StringBuilder cast = new StringBuilder(1 << 16);
            StringBuilder crew = new StringBuilder(1 << 16);
            for (TmdbMovie movie : movies) {
                credits(movie, cast, crew);
                file.write(Integer.toString(movie.id()), movie.title(), cast.toString(), crew.toString());
            }
            creditsRows = file.rows;
        }
        return new TmdbSummary(layout, movies.size(), catalog.linked, movieRows, List.of(), List.of(), List.of(),
                creditsRows, 0, links);
    }

    private String[] moviesDatasetRow(TmdbMovie m) {
        String collection = "";
        if (m.collection() != null) {
            StringBuilder b = new StringBuilder();
            literal.dict(b, m.collection());
            collection = b.toString();
        }
        return new String[] {
            m.adult() ? "True" : "False", collection, Long.toString(m.budget()), list(m.genres()), m.homepage(),
            Integer.toString(m.id()), m.imdbId() == null ? "" : ImdbDumpWriter.tconst(m.imdbId()), m.language(),
            m.originalTitle(), m.overview(), popularity(m), m.posterPath(), list(m.companies()), list(m.countries()),
            nullToEmpty(m.releaseDate()), m.revenue() + ".0", runtime(m), list(m.spoken()), m.status(), m.tagline(),
            m.title(), m.video() ? "True" : "False", voteAverage(m), Integer.toString(m.voteCount())
        };
    }

    /**
     * The tail of a record whose overview broke it, as pandas reads the real file's: the fields from
     * popularity on, shifted nine columns left, so that the release date lands in {@code id}.
     */
    private String[] shiftedRow(TmdbMovie m) {
        return new String[] {
            " - Written by " + TmdbVocabulary.extraPersonName(m.id() % 500), popularity(m), m.posterPath(),
            list(m.companies()), list(m.countries()), m.releaseDate(), "0", runtime(m), list(m.spoken()), m.status(),
            m.tagline(), m.title(), "False", voteAverage(m), Integer.toString(m.voteCount())
        };
    }

    private void credits(TmdbMovie movie, StringBuilder cast, StringBuilder crew) {
        Credits credits = catalog.credits(movie);
        cast.setLength(0);
        crew.setLength(0);
        literal.list(cast, credits.cast());
        literal.list(crew, credits.crew());
    }

    private String keywords(TmdbMovie m, StringBuilder cell) {
        cell.setLength(0);
        literal.list(cell, m.keywords());
        return cell.toString();
    }

    private String list(List<? extends TmdbVocabulary.Dict> items) {
        StringBuilder b = new StringBuilder(64);
        literal.list(b, items);
        return b.toString();
    }

    private static String popularity(TmdbMovie m) {
        return String.format(Locale.ROOT, "%.6f", m.popularity());
    }

    private static String voteAverage(TmdbMovie m) {
        return String.format(Locale.ROOT, "%.1f", m.voteAverage());
    }

    /** Both layouts write runtime as a float ({@code 81.0}); 0 means unknown, empty means missing. */
    private static String runtime(TmdbMovie m) {
        return m.runtime() == null ? "" : m.runtime() + ".0";
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** The d-th of n positions spread evenly over count rows. */
    private static int spread(int d, int n, int count) {
        return (int) ((d + 0.5) * count / n);
    }

    /** A CSV file that counts physical lines, so that callers learn where each record starts. */
    private static final class CsvFile implements Closeable {
        private final Writer writer;
        private final StringBuilder record = new StringBuilder(1 << 16);
        private int nextLine = 2;
        int rows;

        CsvFile(Path path, String header) throws IOException {
            writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path), StandardCharsets.UTF_8), 1 << 16);
            writer.write(header);
            writer.write('\n');
        }

        /** Writes one record and returns the 1-based physical line it starts on (the header is line 1). */
        int write(String... fields) throws IOException {
            record.setLength(0);
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    record.append(',');
                }
                record.append(SampleDataGenerator.csv(fields[i]));
            }
            return writeLine(record);
        }

        int writeLine(CharSequence line) throws IOException {
            int start = nextLine;
            writer.append(line).append('\n');
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == '\n') {
                    nextLine++;
                }
            }
            nextLine++;
            rows++;
            return start;
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }
}
