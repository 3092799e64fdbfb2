package dev.recsys.sample;

import dev.recsys.sample.SampleDataGenerator.Format;
import dev.recsys.sample.SampleDataGenerator.Options;
import dev.recsys.sample.SampleDataGenerator.TmdbLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The generator's command line ({@link SampleDataGenerator}'s usage). With {@code tmdb} set only TMDB files are
 * written: {@code tmdbRows} > 0 (the tmdb-movies-dataset preset) asks for that many movie rows, otherwise
 * {@code tmdbOnlyMovies} are added.
 */
record CommandLine(Options options, TmdbLayout tmdb, int tmdbOnlyMovies, int tmdbRows, Path tmdbLinks) {


    private static final int DEFAULT_TMDB_ONLY_MOVIES = 200;

    static CommandLine parse(String[] args) {
        Options o = Options.small(Path.of("sample-data-out"));
        Path out = o.out();
        long seed = o.seed();
        int users = o.users();
        int movies = o.movies();
        long ratings = o.ratings();
        Format format = o.format();
        boolean imdb = true;
        long extraTitles = o.imdbExtraTitles();
        boolean crlf = false;
        Path imdbForLinks = null;
        TmdbLayout tmdb = null;
        Integer tmdbOnlyMovies = null;
        int tmdbRows = 0;
        Path tmdbLinks = null;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            switch (flag) {
                case "--out" -> out = Path.of(value(rest, flag));
                case "--seed" -> seed = Long.parseLong(value(rest, flag));
                case "--users" -> users = Integer.parseInt(value(rest, flag));
                case "--movies" -> movies = Integer.parseInt(value(rest, flag));
                case "--ratings" -> ratings = Long.parseLong(value(rest, flag));
                case "--format" -> format = Format.valueOf(value(rest, flag).toUpperCase(Locale.ROOT).replace('-', '_'));
                case "--no-imdb" -> imdb = false;
                case "--imdb-extra-titles" -> extraTitles = Long.parseLong(value(rest, flag));
                case "--crlf" -> crlf = true;
                case "--imdb-for-links" -> imdbForLinks = Path.of(value(rest, flag));
                case "--tmdb" -> tmdb = TmdbLayout.valueOf(value(rest, flag).toUpperCase(Locale.ROOT).replace('-', '_'));
                case "--tmdb-only-movies" -> tmdbOnlyMovies = Integer.parseInt(value(rest, flag));
                case "--links" -> tmdbLinks = Path.of(value(rest, flag));
                case "--preset" -> {
                    String preset = value(rest, flag);
                    switch (preset) {
                        case "small" -> { users = 300; movies = 1_500; ratings = 40_000; }
                        case "ml-latest-small" -> { users = 610; movies = 9_742; ratings = 100_836; }
                        case "ml-25m" -> { users = 162_541; movies = 62_423; ratings = 25_000_095; }
                        // The Movies Dataset: 45,466 rows in movies_metadata.csv, ml-latest-small's 9,742 movies linked.
                        case "tmdb-movies-dataset" -> {
                            movies = 9_742;
                            tmdbRows = 45_466;
                            tmdb = tmdb == null ? TmdbLayout.MOVIES_DATASET : tmdb;
                        }
                        default -> throw new IllegalArgumentException("unknown preset " + preset
                                + " (expected small, ml-latest-small, ml-25m or tmdb-movies-dataset)");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (tmdb == null && (tmdbOnlyMovies != null || tmdbLinks != null)) {
            throw new IllegalArgumentException("--tmdb-only-movies and --links need --tmdb");
        }
        Options options = new Options(out, seed, users, movies, ratings, format, imdb, extraTitles, crlf, imdbForLinks);
        // An explicit TMDB-only count wins over the preset's row target.
        return new CommandLine(options, tmdb, tmdbOnlyMovies == null ? DEFAULT_TMDB_ONLY_MOVIES : tmdbOnlyMovies,
                tmdbOnlyMovies == null ? tmdbRows : 0, tmdbLinks);
    }

    private static String value(List<String> rest, String flag) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return rest.remove(0);
    }
}
