package dev.recsys.ingestion.imdb;

import static dev.recsys.ingestion.imdb.ImdbFilter.NULL;

import dev.recsys.ingestion.imdb.ImdbWriter.Credit;
import dev.recsys.ingestion.imdb.ImdbWriter.Person;
import dev.recsys.ingestion.imdb.ImdbWriter.TitleFacts;
import dev.recsys.ingestion.load.Fields;
import dev.recsys.ingestion.load.IngestionException;
import dev.recsys.ingestion.load.IngestionReport;
import dev.recsys.ingestion.load.Loader;
import dev.recsys.ingestion.load.RowRejected;
import dev.recsys.ingestion.source.SourceFile;
import dev.recsys.ingestion.source.SourceFiles;
import io.quarkus.logging.Log;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntSet;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Loads the IMDb dumps for the titles already in the catalog (join key: {@code tt} + MovieLens
 * imdbId): {@link ImdbFilter} keeps the matching rows of each dump, this class reads their
 * fields, and {@link ImdbWriter} merges runtime, rating, people and credits into the catalog.
 */
public final class ImdbLoader implements Loader {

    private static final String BASICS = "title.basics.tsv";
    private static final String RATINGS = "title.ratings.tsv";
    private static final String CREW = "title.crew.tsv";
    private static final String PRINCIPALS = "title.principals.tsv";
    private static final String NAMES = "name.basics.tsv";
    public static final List<String> FILES = List.of(BASICS, RATINGS, CREW, PRINCIPALS, NAMES);

    private final SourceFiles files;
    private final IngestionReport report;
    private final LongConsumer progress;
    private final ImdbFilter filter;
    private final Int2ObjectOpenHashMap<TitleFacts> titles = new Int2ObjectOpenHashMap<>();
    private final List<Credit> credits = new ArrayList<>();
    private final LongOpenHashSet creditKeys = new LongOpenHashSet();
    private final IntSet neededPeople = new IntOpenHashSet();

    private ImdbLoader(SourceFiles files, IngestionReport report, LongConsumer progress) {
        this.files = files;
        this.report = report;
        this.progress = progress;
        this.filter = new ImdbFilter(progress, report);
    }

    /** The loader for the dumps in {@code files}; fails when there is none. */
    public static ImdbLoader of(SourceFiles files, IngestionReport report, LongConsumer progress) {
        if (FILES.stream().noneMatch(files::has)) {
            throw new IngestionException("no IMDb dump in " + files.location() + ": expected one or more of "
                    + String.join(", ", FILES) + " (each may be .gz); found: " + files.describe());
        }
        return new ImdbLoader(files, report, progress);
    }

    @Override
    public String description() {
        return "IMDb dumps (" + String.join(", ", files.names().stream().filter(FILES::contains).toList()) + ")";
    }

    @Override
    public List<String> fileNames() {
        return FILES;
    }

    /** Runtime, ratings and people are not part of a movie's text (yet). */
    @Override
    public boolean changesMovieTexts() {
        return false;
    }

    @Override
    public void load(Connection connection) throws SQLException {
        ImdbWriter writer = new ImdbWriter(connection, report);
        IntSet catalogTitles = writer.catalogImdbIds();
        if (catalogTitles.isEmpty()) {
            throw new IngestionException("the catalog has no movies with IMDb ids yet: load a MovieLens release "
                    + "with links.csv first, then the IMDb files");
        }
        filter(BASICS, 9, "tconst", catalogTitles, (imdbId, fields, line) -> {
            TitleFacts facts = titles.computeIfAbsent(imdbId, k -> new TitleFacts());
            facts.year = Fields.optionalInt("startYear", value(fields[5]));
            facts.runtime = Fields.optionalInt("runtimeMinutes", value(fields[7]));
        });
        filter(RATINGS, 3, "tconst", catalogTitles, (imdbId, fields, line) -> {
            TitleFacts facts = titles.computeIfAbsent(imdbId, k -> new TitleFacts());
            facts.rating = Fields.optionalFloat("averageRating", value(fields[1]), 0, 10);
            facts.votes = Fields.optionalInt("numVotes", value(fields[2]));
        });
        boolean crewGiven = files.has(CREW);
        filter(CREW, 3, "tconst", catalogTitles, (imdbId, fields, line) -> {
            addCredits(imdbId, fields[1], "director", CREW, line);
            addCredits(imdbId, fields[2], "writer", CREW, line);
        });
        filter(PRINCIPALS, 6, "tconst", catalogTitles, (imdbId, fields, line) -> {
            String role = switch (fields[3]) {
                case "actor", "actress" -> "actor";
                // title.crew lists every director and writer; principals only the top few.
                case "director" -> crewGiven ? null : "director";
                case "writer" -> crewGiven ? null : "writer";
                default -> null;
            };
            if (role != null) {
                addCredit(imdbId, nconst(fields[2]), role, Fields.requiredInt("ordering", value(fields[1])), PRINCIPALS,
                        line);
            }
        });
        List<Person> people = new ArrayList<>();
        filter(NAMES, 6, "nconst", neededPeople, (personId, fields, line) -> people.add(new Person(personId,
                Fields.requiredText("primaryName", value(fields[1])), Fields.optionalInt("birthYear", value(fields[2])),
                Fields.optionalInt("deathYear", value(fields[3])))));
        Log.infof("IMDb: %d catalog titles matched, %d credits, %d people", titles.size(), credits.size(), people.size());

        // Between the writes: the progress callback throws once a cancel was asked for.
        progress.accept(0);
        writer.writeTitles(titles);
        progress.accept(0);
        writer.writePeople(people);
        progress.accept(0);
        writer.writeCredits(credits, files, NAMES);
    }

    private void filter(String name, int columns, String idColumn, IntSet keep, ImdbFilter.MatchHandler handler)
            throws SQLException {
        SourceFile file = files.find(name).orElse(null);
        if (file != null) {
            filter.filter(file, columns, idColumn, keep, handler);
        }
    }

    /** A field with IMDb's missing-value marker read as empty. */
    private static String value(String field) {
        return field.equals(NULL) ? "" : field;
    }

    private void addCredits(int imdbId, String nconsts, String role, String file, long line) {
        if (value(nconsts).isEmpty()) {
            return;
        }
        String[] ids = nconsts.split(",");
        for (int i = 0; i < ids.length; i++) {
            addCredit(imdbId, nconst(ids[i]), role, i + 1, file, line);
        }
    }

    private void addCredit(int imdbId, int personId, String role, int order, String file, long line) {
        long key = ((long) imdbId << 32 | personId) * 3 + role.length();
        if (creditKeys.add(key)) {
            credits.add(new Credit(imdbId, personId, role, order, file, line));
            neededPeople.add(personId);
        }
    }

    private static int nconst(String value) {
        if (value.length() > 2 && value.startsWith("nm")) {
            try {
                return Integer.parseInt(value.substring(2));
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new RowRejected("'" + Fields.abbreviate(value) + "' is not an IMDb person id (nm followed by digits)");
    }
}
