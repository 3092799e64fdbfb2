package dev.recsys.sample;

import dev.recsys.sample.SampleWorld.Movie;
import dev.recsys.sample.SampleWorld.Person;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the five IMDb non-commercial dumps (gzipped TSV, {@code \N} for null) for the
 * sample world's movies, plus titles that are in no catalog so that loaders must filter.
 */
final class ImdbDumpWriter {

    private static final String NULL = "\\N";
    private static final int EXTRA_PEOPLE = 50_000;

    private final SampleWorld world;
    private final SampleDataGenerator.Options options;

    ImdbDumpWriter(SampleWorld world, SampleDataGenerator.Options options) {
        this.world = world;
        this.options = options;
    }

    /** Returns the number of rows written to title.principals. */
    long write() throws IOException {
        writeBasicsCrewAndRatings();
        writeNames();
        return writePrincipals();
    }

    private void writeBasicsCrewAndRatings() throws IOException {
        try (Writer basics = gzip("title.basics.tsv.gz");
             Writer crew = gzip("title.crew.tsv.gz");
             Writer ratings = gzip("title.ratings.tsv.gz")) {
            basics.write("tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n");
            crew.write("tconst\tdirectors\twriters\n");
            ratings.write("tconst\taverageRating\tnumVotes\n");
            for (Movie m : world.movies) {
                String tconst = tconst(m.imdbId());
                basics.write(tconst + "\tmovie\t" + m.title() + "\t" + m.title() + "\t0\t" + m.year() + "\t" + NULL
                        + "\t" + m.runtime() + "\t" + (m.genres().length == 0 ? NULL : m.genreNames(",")) + "\n");
                StringJoiner writers = new StringJoiner(",");
                m.writers().forEach(w -> writers.add(nconst(w.nconst())));
                crew.write(tconst + "\t" + nconst(m.director().nconst()) + "\t" + writers + "\n");
                double average = Math.max(1.0, Math.min(10.0, imdbAverage(m) + 0.25 * gaussian(m.imdbId())));
                long votes = Math.round(50 + 400 * m.popularity());
                ratings.write(tconst + "\t" + String.format(Locale.ROOT, "%.1f", average) + "\t" + votes + "\n");
            }
            for (long t = 0; t < Math.min(options.imdbExtraTitles(), 1_000_000); t++) {
                // Titles that are in no MovieLens catalog: episodes and shorts the loader must skip.
                String tconst = tconst(extraTitleId(t));
                basics.write(tconst + "\ttvEpisode\tEpisode #" + t + "\tEpisode #" + t + "\t0\t2001\t" + NULL + "\t42\tDrama\n");
                crew.write(tconst + "\t" + NULL + "\t" + NULL + "\n");
                ratings.write(tconst + "\t7.1\t12\n");
            }
        }
    }

    private void writeNames() throws IOException {
        try (Writer names = gzip("name.basics.tsv.gz")) {
            names.write("nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles\n");
            for (Person p : world.people) {
                names.write(nconst(p.nconst()) + "\t" + p.name() + "\t" + p.birthYear() + "\t" + NULL + "\t"
                        + p.profession() + "\t" + NULL + "\n");
            }
            for (int i = 0; i < EXTRA_PEOPLE; i++) {
                names.write(nconst(9_000_000 + i) + "\tExtra Person " + i + "\t" + NULL + "\t" + NULL + "\tactor\t" + NULL + "\n");
            }
        }
    }

    private long writePrincipals() throws IOException {
        long rows = 0;
        try (Writer principals = gzip("title.principals.tsv.gz")) {
            principals.write("tconst\tordering\tnconst\tcategory\tjob\tcharacters\n");
            StringBuilder row = new StringBuilder(96);
            for (Movie m : world.movies) {
                String tconst = tconst(m.imdbId());
                int ordering = 0;
                List<Person> cast = m.cast();
                for (int i = 0; i < cast.size(); i++) {
                    Person actor = cast.get(i);
                    String category = actor.nconst() % 2 == 0 ? "actress" : "actor";
                    principals.write(tconst + "\t" + (++ordering) + "\t" + nconst(actor.nconst()) + "\t" + category
                            + "\t" + NULL + "\t[\"Character " + (i + 1) + "\"]\n");
                }
                principals.write(tconst + "\t" + (++ordering) + "\t" + nconst(m.director().nconst()) + "\tdirector\t"
                        + NULL + "\t" + NULL + "\n");
                for (Person writer : m.writers()) {
                    principals.write(tconst + "\t" + (++ordering) + "\t" + nconst(writer.nconst()) + "\twriter\tscreenplay\t"
                            + NULL + "\n");
                }
                rows += ordering;
            }
            SplittableRandom random = new SplittableRandom(options.seed() + 7);
            for (long t = 0; t < options.imdbExtraTitles(); t++) {
                // Ids of extra titles and people have 8 and 7 digits: no zero-padding (String.format) needed.
                String tconst = "tt" + extraTitleId(t);
                for (int ordering = 1; ordering <= 10; ordering++) {
                    row.setLength(0);
                    row.append(tconst).append('\t').append(ordering).append("\tnm")
                            .append(9_000_000 + random.nextInt(EXTRA_PEOPLE))
                            .append(ordering <= 8 ? "\tactor\t\\N\t[\"Someone\"]\n" : "\tproducer\tproducer\t\\N\n");
                    principals.write(row.toString());
                }
                rows += 10;
            }
        }
        return rows;
    }

    private static int extraTitleId(long t) {
        return (int) (20_000_000 + t);
    }

    /**
     * The planted IMDb rating before noise: the movie's quality (its director's and top-billed cast's),
     * the mean effect of its genres ({@link #IMDB_GENRE_EFFECTS}) and its age (older movies that are
     * still listed rate higher: +{@value #IMDB_YEAR_EFFECT} per year before 2000).
     */
    static double imdbAverage(Movie m) {
        double genres = 0;
        for (int g : m.genres()) {
            genres += IMDB_GENRE_EFFECTS.getOrDefault(SampleWorld.GENRES[g], 0.0) / m.genres().length;
        }
        return 6.4 + 2.2 * m.bias() + genres + IMDB_YEAR_EFFECT * (2000 - m.year());
    }

    /** Planted genre effects on the IMDb rating (the others 0), for tests that check a model recovers them. */
    static final java.util.Map<String, Double> IMDB_GENRE_EFFECTS = java.util.Map.of("Documentary", 0.8, "Film-Noir", 0.5,
            "Drama", 0.3, "War", 0.3, "Horror", -0.8, "Children", -0.3, "Comedy", -0.2);
    static final double IMDB_YEAR_EFFECT = 0.015;

    private static double gaussian(long key) {
        return new SplittableRandom(key).nextGaussian();
    }

    static String tconst(int imdbId) {
        return String.format(Locale.ROOT, "tt%07d", imdbId);
    }

    static String nconst(int id) {
        return String.format(Locale.ROOT, "nm%07d", id);
    }

    private Writer gzip(String name) throws IOException {
        OutputStream file = Files.newOutputStream(options.out().resolve(name));
        // Fast compression: the files are inputs for tests and benchmarks, not archives.
        OutputStream gz = new GZIPOutputStream(file, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
        return new BufferedWriter(new OutputStreamWriter(gz, StandardCharsets.UTF_8), 1 << 16);
    }
}
