package dev.recsys.ingestion.movielens;

import dev.recsys.ingestion.load.RowLoop.Decoding;
import dev.recsys.ingestion.source.SourceFiles;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The file layout of a MovieLens release family, recognised from the files present:
 * CSV releases (ml-latest, ml-latest-small, ml-20m/25m/32m, the bigger ones with a tag genome), ml-1m and ml-10m {@code .dat}
 * files, and ml-100k's {@code u.*} files. A partial set (say, only {@code ratings.csv}) loads
 * what it has into an existing catalog.
 */
public enum MovieLensLayout {

    CSV("MovieLens CSV release", "movies.csv", "ratings.csv", "links.csv", "tags.csv", null, ",",
            Decoding.UTF8, true, new CsvReleaseReader(), GenomeLoader.SCORES_FILE, GenomeLoader.TAGS_FILE),
    ML_1M("MovieLens ml-1m (.dat)", "movies.dat", "ratings.dat", null, null, "users.dat", "::",
            Decoding.UTF8_ELSE_LATIN1, false, new DatReader(), null, null),
    ML_10M("MovieLens ml-10m (.dat)", "movies.dat", "ratings.dat", null, "tags.dat", null, "::",
            Decoding.UTF8_ELSE_LATIN1, false, new DatReader(), null, null),
    ML_100K("MovieLens ml-100k", "u.item", "u.data", null, null, "u.user", "\t",
            Decoding.UTF8_ELSE_LATIN1, false, new Ml100kReader(), null, null);

    final String description;
    final String moviesFile;
    final String ratingsFile;
    final String linksFile;
    final String tagsFile;
    final String usersFile;
    final String ratingSeparator;
    /**
     * How text rows are decoded. The CSV releases are strict UTF-8 (a line that is not is
     * rejected). The older releases are ISO-8859-1 (ml-1m, ml-100k) or UTF-8 (ml-10m); lines are
     * read as UTF-8 when they are valid UTF-8, else as ISO-8859-1, which suits both.
     */
    final Decoding decoding;
    final boolean hasHeaders;
    final LayoutReader reader;
    /** The tag genome (ml-20m, ml-25m, ml-latest): relevance of each of ~1,100 tags to each movie, and the tag names. */
    final String genomeScoresFile;
    final String genomeTagsFile;

    MovieLensLayout(String description, String moviesFile, String ratingsFile, String linksFile, String tagsFile,
                    String usersFile, String ratingSeparator, Decoding decoding, boolean hasHeaders,
                    LayoutReader reader, String genomeScoresFile, String genomeTagsFile) {
        this.description = description;
        this.moviesFile = moviesFile;
        this.ratingsFile = ratingsFile;
        this.linksFile = linksFile;
        this.tagsFile = tagsFile;
        this.usersFile = usersFile;
        this.ratingSeparator = ratingSeparator;
        this.decoding = decoding;
        this.hasHeaders = hasHeaders;
        this.reader = reader;
        this.genomeScoresFile = genomeScoresFile;
        this.genomeTagsFile = genomeTagsFile;
    }

    public String description() {
        return description;
    }

    /** The names of every file this layout reads. */
    public List<String> fileNames() {
        return Stream.of(moviesFile, ratingsFile, linksFile, tagsFile, usersFile, genomeScoresFile, genomeTagsFile)
                .filter(Objects::nonNull).toList();
    }

    /** Recognises the layout of {@code files}, if any MovieLens file is among them. */
    public static Optional<MovieLensLayout> detect(SourceFiles files) {
        if (files.has("u.data") || files.has("u.item") || files.has("u.user")) {
            return Optional.of(ML_100K);
        }
        if (files.has("movies.dat") || files.has("ratings.dat") || files.has("users.dat") || files.has("tags.dat")) {
            // ml-1m ships users.dat, ml-10m tags.dat; both decode titles the same way (see decoding).
            return Optional.of(files.has("users.dat") ? ML_1M : ML_10M);
        }
        if (Stream.of(CSV.moviesFile, CSV.ratingsFile, CSV.linksFile, CSV.tagsFile, CSV.genomeScoresFile, CSV.genomeTagsFile)
                .anyMatch(files::has)) {
            return Optional.of(CSV);
        }
        return Optional.empty();
    }

    public static String expectedFiles() {
        return "movies.csv/ratings.csv/links.csv/tags.csv/genome-scores.csv/genome-tags.csv (CSV releases), movies.dat/ratings.dat/users.dat/tags.dat "
                + "(ml-1m, ml-10m) or u.data/u.item/u.user (ml-100k)";
    }
}
